using ContentHelper.Api.Articles;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// The user's own choices as labels for each person: the articles they shared with them, and those they marked "not
/// for them", read back from the reading list as the vectors matching compares (an article that has left the reading
/// list no longer counts). Read for the account once per call: the shares and dismissals, and the reading list's mean
/// passage vectors (<see cref="ReadingList.MeanPassagesAsync"/>).
/// </summary>
internal static class UserFeedback
{
    // The latest choices speak for a person; a long history past these adds little and costs each call.
    const int PerContact = 20, MaxShares = 5000;

    public static async Task<IReadOnlyDictionary<Guid, ContactFeedback>> LoadAsync(AppDb db, Guid accountId, ReadingList readingList, CancellationToken ct)
    {
        var sent = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.ContactId != null)
            .OrderByDescending(s => s.SharedAt).Take(MaxShares)
            .Select(s => new { ContactId = s.ContactId!.Value, s.UrlKey, s.Title })
            .ToListAsync(ct);
        var refused = await db.Dismissals.AsNoTracking()
            .Where(d => d.AccountId == accountId && d.NotForThem)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new { d.ContactId, d.UrlKey })
            .ToListAsync(ct);
        if (sent.Count == 0 && refused.Count == 0) return new Dictionary<Guid, ContactFeedback>();

        var vectors = await readingList.MeanPassagesAsync(db, accountId, ct);
        return sent.Select(s => s.ContactId).Concat(refused.Select(r => r.ContactId)).Distinct().ToDictionary(id => id, id => new ContactFeedback(
            [.. sent.Where(s => s.ContactId == id && vectors.ContainsKey(s.UrlKey)).Take(PerContact).Select(s => (vectors[s.UrlKey], s.Title))],
            [.. refused.Where(r => r.ContactId == id && vectors.ContainsKey(r.UrlKey)).Take(PerContact).Select(r => vectors[r.UrlKey])]));
    }
}
