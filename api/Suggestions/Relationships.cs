using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Suggestions;

/// <summary>What was already shared with a contact: for the "never twice" and "don't pester" rules, and the draft's "it follows on from…".</summary>
public sealed record PastShare(Guid ContactId, string UrlKey, string TitleKey, DateTime SharedAt, string? Title = null);

/// <summary>
/// The relate step: what ranking and drafting need to know of the people matched — each contact in full, what was
/// sent to them, the articles they got "not now" for — and who the user is (their name signs the drafts, their own
/// interests count as shared ones). Read in one place for the popup and for the ideas from the reading list.
/// </summary>
internal sealed class Relationships
{
    public required IReadOnlyDictionary<Guid, Contact> Contacts { get; init; }
    public required ILookup<Guid, PastShare> Shares { get; init; }
    public required IReadOnlySet<(Guid ContactId, string UrlKey)> Dismissed { get; init; }
    public required string UserName { get; init; }
    public required IReadOnlyCollection<string> UserInterests { get; init; }
    public required bool UseImplicitInterests { get; init; }
    /// <summary>The account's tone for drafts, unless a request chooses another.</summary>
    public required DraftTone Tone { get; init; }
    /// <summary>How the user writes, learned from their sent notes; null when learning is off.</summary>
    public UserVoice? Voice { get; init; }
    /// <summary>The user's shares so far: turns the drafts' phrasings as the user writes more.</summary>
    public int Rotation { get; init; }

    public static async Task<Relationships> LoadAsync(AppDb db, Guid accountId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId && ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var found = contacts.Keys.ToList();
        var shares = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.ContactId != null && found.Contains(s.ContactId.Value))
            .Select(s => new PastShare(s.ContactId!.Value, s.UrlKey, s.TitleKey, s.SharedAt, s.Title))
            .ToListAsync(ct);
        var dismissed = await db.Dismissals.AsNoTracking()
            .Where(d => d.AccountId == accountId && found.Contains(d.ContactId))
            .Select(d => new { d.ContactId, d.UrlKey }).ToListAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.Name, a.Interests, a.UseImplicitInterests, a.Tone, a.LearnVoice, a.VoiceForgottenAt }).SingleAsync(ct);
        var voice = account.LearnVoice ? await VoiceLearner.ForAccountAsync(db, accountId, account.VoiceForgottenAt, ct) : null;
        var rotation = await db.Shares.CountAsync(s => s.AccountId == accountId, ct);
        return new Relationships
        {
            Contacts = contacts,
            Shares = shares.ToLookup(s => s.ContactId),
            Dismissed = dismissed.Select(d => (d.ContactId, d.UrlKey)).ToHashSet(),
            UserName = account.Name,
            UserInterests = account.Interests,
            UseImplicitInterests = account.UseImplicitInterests,
            Tone = account.Tone,
            Voice = voice,
            Rotation = rotation,
        };
    }

    public bool IsDismissed(Guid contactId, ArticleKeys article) => article.UrlKeys.Any(k => Dismissed.Contains((contactId, k)));

    /// <summary>The last article sent to this contact that has a title (what a draft can recall).</summary>
    public PastShare? LastShare(Guid contactId) => Shares[contactId].Where(s => s.Title is { Length: > 0 }).MaxBy(s => s.SharedAt);
}
