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
    sealed record Person(Guid Id, int DaysOverdue, DateTime? FirstNote)
    {
        public bool Due => DaysOverdue >= 0;
    }

    public KeepInTouchOptions Options => options.Value;

    /// <summary>
    /// The keep-in-touch page: the week's plan — everyone due, then soon due, at most <see cref="KeepInTouchOptions.MaxLimit"/>
    /// — with the best idea for each and the counts over all of it; the first <paramref name="take"/> of them listed.
    /// The counts never depend on <paramref name="take"/>: the badge (10 listed), the popup (3) and the page say the same.
    /// </summary>
    public async Task<KeepInTouchResponse> PageAsync(AppDb db, Guid accountId, int take, CancellationToken ct, DraftTone? tone = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (plan, due, soon) = await DueAsync(db, accountId, options.Value.MaxLimit, now, ct);
        var (found, matching) = await pipeline.IdeasAsync(db, accountId, [.. plan.Select(d => d.Id)], perContact: 1, ct, tone);
        var people = plan.Where(d => found.ContainsKey(d.Id)).Select(d =>
        {
            var person = found[d.Id];
            return (d.Due, Card: new DueContact
            {
                Contact = person.Card,
                DaysOverdue = d.DaysOverdue,
                FirstNote = d.FirstNote,
                Idea = person.Ideas.FirstOrDefault(),
                NoIdeaReason = person.NoIdeaReason,
            });
        }).ToList();
        return new KeepInTouchResponse
        {
            Due = due,
            Soon = soon,
            WithIdeas = people.Count(p => p.Due && p.Card.Idea is not null),
            Contacts = [.. people.Take(take).Select(p => p.Card)],
            Upcoming = await UpcomingAsync(db, accountId, now, ct),
            Matching = matching,
        };
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
    /// so years of silence do not outweigh the circle) — and how many are due and soon due in all. A first note an
    /// import planned is listed from its day on, never as soon due: next week's people would fill this week's list.
    /// </summary>
    async Task<(List<Person> Listed, int Due, int Soon)> DueAsync(AppDb db, Guid accountId, int take, DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        var horizon = now.AddDays(o.SoonDays);
        var listable = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId && c.NextContactDue != null
            && (c.SnoozedUntil == null || c.SnoozedUntil <= now)
            && (c.NextContactDue <= now || (c.NextContactDue <= horizon && !(c.LastContactedAt == null && c.FirstNoteDue != null && c.Circle == null && c.KeepInTouchDays == null))));
        // The order depends on today through each person's cadence, so no stored key sorts everyone; but among people
        // of one circle and one cadence it is the earliest date first. So the database counts each such group (one
        // pass over an index that covers it) and hands over each group's first few by date (a seek on the same
        // index); only those few are ranked here. The groups are a dozen circles, the cadences typed by hand and
        // the rounds of imports (Contact.RoundDays).
        var groups = await listable.GroupBy(c => new { c.Circle, c.KeepInTouchDays, c.RoundDays })
            .Select(g => new { g.Key.Circle, g.Key.KeepInTouchDays, g.Key.RoundDays, Listable = g.Count(), Due = g.Count(c => c.NextContactDue <= now) })
            .ToListAsync(ct);
        var candidates = new List<(Guid Id, Circle? Circle, int? Cadence, DateTime NextContactDue, DateTime? FirstNote)>();
        foreach (var group in groups)
            candidates.AddRange((await listable.Where(c => c.Circle == group.Circle && c.KeepInTouchDays == group.KeepInTouchDays && c.RoundDays == group.RoundDays)
                .OrderBy(c => c.NextContactDue).ThenBy(c => c.Id).Take(take)
                .Select(c => new { c.Id, c.NextContactDue, c.LastContactedAt, c.FirstNoteDue }).ToListAsync(ct))
                .Select(c => (c.Id, group.Circle, contactsOptions.Value.CadenceFor(group.Circle, group.KeepInTouchDays, group.RoundDays), c.NextContactDue!.Value,
                    // The plan is in force for someone never contacted without a circle or cadence (Contact.PlannedFirstNote).
                    c.LastContactedAt is null && group.Circle is null && group.KeepInTouchDays is null ? c.FirstNoteDue : null)));
        var circles = suggestionsOptions.Value;
        double Value(Circle? circle, int? cadence, DateTime next)
        {
            var circleFactor = circle is { } c && circles.CircleFactors.TryGetValue(c, out var f) ? f : circles.NoCircleFactor;
            return circleFactor + Math.Min(o.OverdueCap, (now - next).TotalDays / (cadence ?? 365));
        }
        var listed = candidates
            .OrderByDescending(d => Value(d.Circle, d.Cadence, d.NextContactDue))
            .ThenBy(d => d.NextContactDue).ThenBy(d => d.Id)
            .Take(take)
            .Select(d => new Person(d.Id, (int)Math.Floor((now - d.NextContactDue).TotalDays), d.FirstNote))
            .ToList();
        return (listed, groups.Sum(g => g.Due), groups.Sum(g => g.Listable - g.Due));
    }

    /// <summary>
    /// The weeks after this one, as the page announces them ("15 people from 9 Mar"): per 7 days from now, for
    /// <see cref="KeepInTouchOptions.UpcomingWeeks"/> weeks, how many people not in this week's plan come due in them.
    /// </summary>
    async Task<List<UpcomingWeek>> UpcomingAsync(AppDb db, Guid accountId, DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        var horizon = now.AddDays(o.SoonDays);
        var until = now.AddDays(7.0 * o.UpcomingWeeks);
        var dates = await db.Contacts.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.NextContactDue > now && c.NextContactDue <= until
                && (c.SnoozedUntil == null || c.SnoozedUntil <= c.NextContactDue)
                && (c.NextContactDue > horizon || (c.LastContactedAt == null && c.FirstNoteDue != null && c.Circle == null && c.KeepInTouchDays == null)))
            .Select(c => c.NextContactDue!.Value)
            .ToListAsync(ct);
        return [.. dates.GroupBy(d => (int)Math.Floor((d - now).TotalDays / 7)).OrderBy(g => g.Key).Select(g => new UpcomingWeek(g.Min(), g.Count()))];
    }
}
