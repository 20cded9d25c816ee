using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// Plans the first notes to the people an import adds, so that a network of hundreds comes due a few people a week
/// instead of all at once (a LinkedIn export dates everyone from the day you connected, years ago for most).
/// </summary>
/// <remarks>
/// The weeks count from the import: week 0 is its first 7 days, and also holds everyone of the account already due.
/// In order — those the user's reading fits best first (<see cref="ReadingFit"/>: they have something to be sent),
/// then the most recently connected (they remember you best), then the file's order — each new person
/// takes the first week, from the one their cadence would make them due in, that has room: at most
/// <see cref="ContactsOptions.FirstWeekNotes"/> people due in week 0 and <see cref="ContactsOptions.WeeklyNotes"/> in
/// each later week, counting everyone of the account due in it. Someone placed in their own week keeps the day their
/// cadence gives; someone moved to a later week is due on its first day. 500 connections from years ago: 10 this week,
/// then 15 a week for 33 weeks.
///
/// A plan that has to move people runs for longer than a cadence can go round (500 people at 15 a week take 34 weeks,
/// 180 days is under 26): every person it planned then gets that round as their least cadence
/// (<see cref="Contact.RoundDays"/>), so that the second note to the first week's people comes after the last week's
/// first note, not on top of it. The plan is stored with each contact, so it is the same after a restart and on every
/// instance; it applies while they follow it (<see cref="Contact.FollowsPlan"/>): give someone a circle or a cadence and
/// they are due by that rule instead.
/// </remarks>
public static class FirstNotePlanner
{
    const int DaysPerWeek = 7;

    /// <summary>
    /// Plans <paramref name="added"/> (new contacts, never contacted) around <paramref name="othersDue"/> (the next dates
    /// of the account's other contacts) and refreshes their due dates. Null when nobody needed a plan.
    /// </summary>
    /// <param name="fit">How well the user's reading fits each of them (0 to 1; absent is 0).</param>
    public static FirstNotesPlan? Plan(IReadOnlyList<Contact> added, IEnumerable<DateTime> othersDue, DateTime now, ContactsOptions options,
        IReadOnlyDictionary<Guid, double>? fit = null)
    {
        var people = added.Where(c => c.LastContactedAt is null && c.FollowsPlan && options.CadenceFor(c.Circle, c.KeepInTouchDays) is not null)
            // OrderBy is stable: among people fitted alike and connected the same day (or without a date: address
            // books), the file's order.
            .OrderByDescending(c => fit?.GetValueOrDefault(c.Id) ?? 0)
            .ThenByDescending(c => c.ConnectedOn ?? DateOnly.MinValue)
            .ToList();
        if (people.Count == 0) return null;

        var weeks = new WeekLoad(now, Math.Max(1, options.FirstWeekNotes), Math.Max(1, options.WeeklyNotes));
        foreach (var due in othersDue) weeks.Add(weeks.Of(due));
        var lastMoved = -1;
        var placed = new List<(Contact Contact, int Week)>(people.Count);
        foreach (var contact in people)
        {
            contact.FirstNoteDue = null;
            contact.RoundDays = null;
            var natural = contact.DueDate(options)!.Value;
            var own = weeks.Of(natural);
            var week = weeks.FirstWithRoom(own);
            weeks.Add(week);
            contact.FirstNoteDue = week == own ? natural : weeks.Start(week);
            if (week > own) lastMoved = Math.Max(lastMoved, week);
            placed.Add((contact, week));
        }

        var round = (lastMoved + 1) * DaysPerWeek;
        foreach (var (contact, _) in placed)
        {
            if (round > options.CadenceFor(contact.Circle, contact.KeepInTouchDays)) contact.RoundDays = round;
            contact.Refresh(options);
        }
        return new FirstNotesPlan(placed.Count, placed.Count(p => p.Week == 0), placed.Max(p => p.Contact.FirstNoteDue!.Value),
            placed.Max(p => p.Contact.RoundDays));
    }

    /// <summary>How many people are due in each week from <c>now</c>; week 0 holds everything due before its end.</summary>
    sealed class WeekLoad(DateTime now, int firstWeek, int weekly)
    {
        readonly Dictionary<int, int> load = [];
        // Full weeks point past themselves (with path halving), so 50,000 people planned from week 0 do not each walk
        // the thousands of weeks already full.
        readonly Dictionary<int, int> next = [];

        public int Of(DateTime due) => due < now.AddDays(DaysPerWeek) ? 0
            : (int)Math.Min(int.MaxValue - 1, Math.Floor((due - now).TotalDays / DaysPerWeek));

        public DateTime Start(int week) => now.AddDays((double)week * DaysPerWeek);

        public void Add(int week)
        {
            load[week] = load.GetValueOrDefault(week) + 1;
            if (load[week] >= (week == 0 ? firstWeek : weekly)) next[week] = week + 1;
        }

        public int FirstWithRoom(int week)
        {
            while (next.TryGetValue(week, out var after))
            {
                if (next.TryGetValue(after, out var further)) next[week] = further;
                week = after;
            }
            return week;
        }
    }
}

/// <summary>
/// How well the user's reading list fits each of <paramref name="people"/> (new contacts, not saved yet), by id: the
/// best relevance of a remembered article to them, 0 to 1, only where it reaches the matching threshold. An import
/// plans the first notes to those with something to send first. Matching reads contacts, so Contacts cannot ask it
/// directly: the suggestion pipeline answers (SuggestionPipeline.ReadingFitAsync), registered as this delegate.
/// </summary>
public delegate Task<IReadOnlyDictionary<Guid, double>> ReadingFit(AppDb db, Guid accountId, IReadOnlyList<Contact> people, CancellationToken ct);
