namespace ContentHelper.Api.Suggestions;

/// <summary>"Not now" on a suggestion: this contact is not suggested this article again.</summary>
public sealed class Dismissal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid ContactId { get; set; }
    /// <summary><see cref="ArticleIdentity.UrlKey"/> of the article.</summary>
    public required string UrlKey { get; set; }
    public DateTime CreatedAt { get; set; }
}
