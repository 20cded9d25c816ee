using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// One article sent to, or tagged for, one contact: a touch in the contact's history, which their last-contact date,
/// a merge and an import's undo all read. The Shares feature records, lists and exports them.
/// </summary>
public sealed class Share
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    /// <summary>Null once the contact is deleted; the history keeps <see cref="ContactName"/>.</summary>
    public Guid? ContactId { get; set; }
    public required string ContactName { get; set; }
    public required string Url { get; set; }
    public string? Title { get; set; }
    public ShareAction Action { get; set; }
    public Channel Channel { get; set; }
    public string? Message { get; set; }
    public DateTime SharedAt { get; set; }
    public required string IdempotencyKey { get; set; }
    /// <summary>The same article under any of its URLs (see ArticleIdentity): never suggest it to this contact again.</summary>
    public string UrlKey { get; set; } = "";
    /// <summary>The title's words, to catch the same story under an unrelated URL.</summary>
    public string TitleKey { get; set; } = "";
    /// <summary>
    /// The strongest topics of the article as the reading list remembered it: what the user judged to matter to this
    /// person, matched later as an implicit interest. Cleared when the article is forgotten.
    /// </summary>
    public List<string> Topics { get; set; } = [];

    public ShareResponse AsResponse() =>
        new(Id, ContactId, ContactName, Url, Title, Action, Channel, Message, SharedAt);
}
