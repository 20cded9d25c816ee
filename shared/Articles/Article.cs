using ContentHelper.Shared.Topics;

namespace ContentHelper.Shared.Articles;

/// <summary>What ContentHelper understood of a page: metadata and main text.</summary>
public sealed record Article
{
    public required string Url { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Title { get; init; }
    /// <summary>The title without the site's name ("Nadal to retire - Sportsnet.ca" → "Nadal to retire"), for messages and the popup.</summary>
    public string? DisplayTitle { get; init; }
    public string? Byline { get; init; }
    public string? SiteName { get; init; }
    /// <summary>ISO 8601, as precise as the page states it.</summary>
    public string? PublishedTime { get; init; }
    public string? Language { get; init; }
    public string? Excerpt { get; init; }
    /// <summary>Main body as plain text: paragraphs separated by blank lines; headings and list items on their own lines.</summary>
    public string Text { get; init; } = "";
    public int WordCount { get; init; }
    public int ReadingMinutes { get; init; }
    /// <summary>Keywords the page declares about itself (article:tag, news_keywords, keywords, JSON-LD keywords/about).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Images { get; init; } = [];
    /// <summary>Weighted key phrases and named things (from the topic extractor; empty straight out of the parser).</summary>
    public IReadOnlyList<TopicResponse> Topics { get; init; } = [];
    public bool IsArticle { get; init; }
    public string? NotArticleReason { get; init; }
}
