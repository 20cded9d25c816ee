using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Topics;

namespace ContentHelper.Api.Articles;

/// <summary>
/// An article the user read with the popup (or saved for later), remembered so that it can be offered to the people
/// it fits later on. What matching, reasons and drafts need is kept — its address, title, topics, vectors, the lead and
/// the sentences holding its key phrases — never the page's HTML or its whole text.
/// </summary>
public sealed class ReadingListArticle
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    /// <summary>The article's own address: its canonical URL, else the tab's without tracking.</summary>
    public required string Url { get; set; }
    /// <summary><see cref="Suggestions.ArticleIdentity.UrlKey"/> of <see cref="Url"/>: one row per article and account.</summary>
    public required string UrlKey { get; set; }
    /// <summary>The title as the page gives it (what lexical matching weighs as the title).</summary>
    public string? Title { get; set; }
    /// <summary>The title without the site's name, for lists and drafts.</summary>
    public string? DisplayTitle { get; set; }
    public string TitleKey { get; set; } = "";
    public string? SiteName { get; set; }
    public string? Excerpt { get; set; }
    /// <summary>The lead paragraphs and the sentences holding the key phrases, paragraphs apart; bounded.</summary>
    public string Text { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    /// <summary>Topic phrases, strongest first; the first ones are the key phrases <see cref="KeyPhraseVectors"/> holds.</summary>
    public List<string> Topics { get; set; } = [];
    public List<double> TopicWeights { get; set; } = [];
    /// <summary>Passages × 384 float32 (little-endian); null when the article was read while matching was lexical.</summary>
    public byte[]? PassageVectors { get; set; }
    /// <summary>Key phrases × 384 float32, for the first topics.</summary>
    public byte[]? KeyPhraseVectors { get; set; }
    /// <summary>Vectors of the sentences of <see cref="Text"/> that matching reads, as Matching stores them; null for an article read without the model, or remembered before sentences were kept.</summary>
    public byte[]? SentenceVectors { get; set; }
    /// <summary>What the vectors were computed with; vectors of another model are not used.</summary>
    public string? VectorModel { get; set; }
    /// <summary>Not paywalled and not on a private subject: may be tagged in public.</summary>
    public bool PublicFriendly { get; set; }
    /// <summary>When it was last read (or saved); the reading list is bounded by this.</summary>
    public DateTime ReadAt { get; set; }
    /// <summary>Set by "Save for later".</summary>
    public DateTime? SavedAt { get; set; }

    public ReadingListArticleResponse AsResponse() => new(
        Id, Url, DisplayTitle ?? Title, SiteName, Excerpt,
        [.. Topics.Zip(TopicWeights, (phrase, weight) => new TopicResponse(phrase, weight))], ReadAt, SavedAt);
}
