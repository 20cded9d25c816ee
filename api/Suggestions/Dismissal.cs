namespace ContentHelper.Api.Suggestions;

/// <summary>"Not now" (or "not for them") on a suggestion: this contact is not suggested this article again.</summary>
public sealed class Dismissal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid ContactId { get; set; }
    /// <summary><see cref="ArticleIdentity.UrlKey"/> of the article.</summary>
    public required string UrlKey { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>"Not for them": a label against articles like this one for this person, not only a "not now".</summary>
    public bool NotForThem { get; set; }
}
