using ContentHelper.Shared.Topics;

namespace ContentHelper.Shared.Articles;

/// <summary>An article in the reading list: what was read with the popup (or saved for later), newest first.</summary>
/// <param name="Url">The article's own address (its canonical URL when the page declares one).</param>
/// <param name="ReadAt">When it was last read or saved; the list forgets what is older than its age limit.</param>
/// <param name="SavedAt">When the user chose "Save for later", if they did.</param>
public sealed record ReadingListArticleResponse(
    Guid Id, string Url, string? Title, string? SiteName, string? Excerpt, IReadOnlyList<TopicResponse> Topics, DateTime ReadAt, DateTime? SavedAt);
