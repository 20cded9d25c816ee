using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Ideas;

/// <summary>
/// The keep-in-touch routine: who is due a note, most valuable first, each with the best thing from the reading list
/// to send them (through the suggestion pipeline, so reasons, drafts and guardrails are the popup's); and one
/// contact's ideas.
/// </summary>
internal sealed class KeepInTouchPlanner(
    SuggestionPipeline pipeline, IOptions<KeepInTouchOptions> options, IOptions<ContactsOptions> contactsOptions,
    IOptions<SuggestionsOptions> suggestionsOptions, TimeProvider clock)
{
    sealed record Person(Guid Id, int DaysOverdue);

    public KeepInTouchOptions Options => options.Value;

    /// <summary>The keep-in-touch page: the first <paramref name="take"/> people due, each with their best idea, and the counts.</summary>
    public async Task<KeepInTouchResponse> PageAsync(AppDb db, Guid accountId, int take, CancellationToken ct, DraftTone? tone = null)
    {
        var (listed, due, soon) = await DueAsync(db, accountId, take, ct);
        var (found, matching) = await pipeline.IdeasAsync(db, accountId, [.. listed.Select(d => d.Id)], perContact: 1, ct, tone);
        var people = listed.Where(d => found.ContainsKey(d.Id)).Select(d =>
        {
            var person = found[d.Id];
            return new DueContact
            {
                Contact = person.Card,
                DaysOverdue = d.DaysOverdue,
                Idea = person.Ideas.FirstOrDefault(),
                NoIdeaReason = person.NoIdeaReason,
            };
        }).ToList();
        return new KeepInTouchResponse { Due = due, Soon = soon, WithIdeas = people.Count(p => p.Idea is not null), Contacts = people, Matching = matching };
    }

    /// <summary>"What should I send them?": up to <paramref name="take"/> articles for one contact; null when the contact is not the account's.</summary>
    public async Task<ContactIdeasResponse?> IdeasAsync(AppDb db, Guid accountId, Guid id, int take, CancellationToken ct, DraftTone? tone = null)
    {
        var (found, matching) = await pipeline.IdeasAsync(db, accountId, [id], take, ct, tone);
        return found.TryGetValue(id, out var person)
            ? new ContactIdeasResponse { Contact = person.Card, Ideas = person.Ideas, NoIdeaReason = person.NoIdeaReason, Matching = matching }
            : null;
    }

    /// <summary>
    /// Who is due a note: the people past (or within <see cref="KeepInTouchOptions.SoonDays"/> of) their keep-in-touch
    /// date and not snoozed, most valuable first — the circle's weight plus how overdue against their cadence (capped,
    /// so years of silence do not outweigh the circle) — and how many are due and soon due in all.
    /// </summary>
    async Task<(List<Person> Listed, int Due, int Soon)> DueAsync(AppDb db, Guid accountId, int take, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddDays(o.SoonDays);
        var listable = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId && c.NextContactDue != null
            && c.NextContactDue <= horizon && (c.SnoozedUntil == null || c.SnoozedUntil <= now));
        // The order depends on today through each person's cadence, so no stored key sorts everyone; but among people
        // of one circle and one cadence it is the earliest date first. So the database counts each such group (one
        // pass over an index that covers it) and hands over each group's first few by date (a seek on the same
        // index); only those few are ranked here. The groups are a dozen circles and the cadences typed by hand.
        var groups = await listable.GroupBy(c => new { c.Circle, c.KeepInTouchDays })
            .Select(g => new { g.Key.Circle, g.Key.KeepInTouchDays, Listable = g.Count(), Due = g.Count(c => c.NextContactDue <= now) })
            .ToListAsync(ct);
        var candidates = new List<(Guid Id, Circle? Circle, int? KeepInTouchDays, DateTime NextContactDue)>();
        foreach (var group in groups)
            candidates.AddRange((await listable.Where(c => c.Circle == group.Circle && c.KeepInTouchDays == group.KeepInTouchDays)
                .OrderBy(c => c.NextContactDue).ThenBy(c => c.Id).Take(take)
                .Select(c => new { c.Id, c.NextContactDue }).ToListAsync(ct))
                .Select(c => (c.Id, group.Circle, group.KeepInTouchDays, c.NextContactDue!.Value)));
        var circles = suggestionsOptions.Value;
        double Value(Circle? circle, int? keepInTouchDays, DateTime next)
        {
            var cadence = contactsOptions.Value.CadenceFor(circle, keepInTouchDays) ?? 365;
            var circleFactor = circle is { } c && circles.CircleFactors.TryGetValue(c, out var f) ? f : circles.NoCircleFactor;
            return circleFactor + Math.Min(o.OverdueCap, (now - next).TotalDays / cadence);
        }
        var listed = candidates
            .OrderByDescending(d => Value(d.Circle, d.KeepInTouchDays, d.NextContactDue))
            .ThenBy(d => d.NextContactDue).ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new Person(d.Id, (int)Math.Floor((now - d.NextContactDue).TotalDays)))
            .ToList();
        return (listed, groups.Sum(g => g.Due), groups.Sum(g => g.Listable - g.Due));
    }
}
