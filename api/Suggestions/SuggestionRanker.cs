using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Combines relevance with the relationship — overdue against the cadence, time since last contact, circle, an
/// interest shared with the user — and applies the guardrails that keep the product from nudging anyone to pester.
/// </summary>
internal sealed class SuggestionRanker(SuggestionsOptions options, ContactsOptions contactsOptions)
{
    public sealed record Ranked(Contact Contact, ContactMatch Match, double Score, ScoreParts Parts);

    /// <summary>Why a matched contact was left out; the response says so when nobody is left.</summary>
    public enum Held { AlreadySent, Dismissed, CoolingDown, MonthlyCap }

    /// <summary>The contacts an article fits, best first; and how many each guardrail held back.</summary>
    public (List<Ranked> Ranked, Dictionary<Held, int> Held) Rank(
        IReadOnlyList<ContactMatch> matches, Relationships people, ArticleKeys article, DateTime now)
    {
        var held = new Dictionary<Held, int>();
        var ranked = new List<Ranked>();
        foreach (var match in matches)
            if (Consider(match, article, people, now, held) is { } r) ranked.Add(r);
        // Ties (equal scores) fall back to relevance, then a stable id order.
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score) is not 0 and var byScore ? byScore
            : b.Match.Score.CompareTo(a.Match.Score) is not 0 and var byRelevance ? byRelevance
            : a.Contact.Id.CompareTo(b.Contact.Id));
        SpecialistsFirst(ranked);
        // Fewer, surer suggestions: beside the first, only people who fit nearly as well as it does.
        if (ranked.Count > 0)
        {
            var floor = options.RelativeFloor * ranked[0].Match.Score;
            ranked.RemoveAll(r => r.Match.Score < floor);
        }
        return (ranked, held);
    }

    /// <summary>
    /// A match that rests on a narrower topic of a field ("astronomy, part of science") comes after anyone whose own
    /// interest names that topic or one within it: the story is exactly the specialist's.
    /// </summary>
    static void SpecialistsFirst(List<Ranked> ranked)
    {
        for (var j = 1; j < ranked.Count; j++)
        {
            var lineage = ranked[j].Match.Lineage ?? [];
            if (lineage.Count == 0) continue;
            var i = ranked.FindIndex(0, j, r => r.Match.RestsOn >= 0 && lineage.Contains(r.Match.RestsOn));
            if (i < 0) continue;
            var specialist = ranked[j];
            ranked.RemoveAt(j);
            ranked.Insert(i, specialist);
        }
    }

    /// <summary>
    /// For one contact, up to <paramref name="take"/> of the articles that fit them, in the order given (best fit
    /// first); and how many each guardrail held back. Bounded: a contact cooling down holds back every article but
    /// an exceptional one, so only the first few dozen are looked at.
    /// </summary>
    public (List<(T Article, Ranked Ranked)> Ranked, Dictionary<Held, int> Held) RankArticles<T>(
        IEnumerable<(T Article, ArticleKeys Keys, ContactMatch Match)> candidates, Relationships people, int take, DateTime now)
    {
        var held = new Dictionary<Held, int>();
        var ranked = new List<(T, Ranked)>();
        foreach (var (article, keys, match) in candidates.Take(take + 50))
        {
            if (Consider(match, keys, people, now, held) is { } r) ranked.Add((article, r));
            if (ranked.Count == take) break;
        }
        return (ranked, held);
    }

    Ranked? Consider(ContactMatch match, ArticleKeys article, Relationships people, DateTime now, Dictionary<Held, int> held)
    {
        if (!people.Contacts.TryGetValue(match.ContactId, out var contact) || match.Score <= 0) return null;
        if (Guard(match, people.Shares[match.ContactId], people.IsDismissed(match.ContactId, article), article, now) is { } reason)
        {
            held[reason] = held.GetValueOrDefault(reason) + 1;
            return null;
        }
        var parts = Parts(contact, match, people.UserInterests, now);
        return new Ranked(contact, match, Score(parts with { Relevance = Math.Clamp(match.Score, 0, 1) }, match), parts);
    }

    Held? Guard(ContactMatch match, IEnumerable<PastShare> past, bool dismissed, ArticleKeys article, DateTime now)
    {
        if (past.Any(s => article.Matches(s.UrlKey, s.TitleKey))) return Held.AlreadySent;
        if (dismissed) return Held.Dismissed;
        if (past.Count(s => s.SharedAt > now.AddDays(-options.CapWindowDays)) >= options.MaxSharesPerContact)
            return Held.MonthlyCap;
        if (past.Any(s => s.SharedAt > now.AddDays(-options.CooldownDays)) && match.Score < options.ExceptionalRelevance)
            return Held.CoolingDown;
        return null;
    }

    /// <summary>Why nobody is suggested for an article (<paramref name="forArticle"/>) or nothing for a person, from the guardrail that held the most back.</summary>
    public static string Explain(Dictionary<Held, int> held, bool forArticle)
    {
        if (held.Count == 0)
            return forArticle ? "No strong match among your contacts' interests." : "Nothing you read lately fits what they care about.";
        // For a person, a guardrail that lifts with time (cooldown, monthly cap) says more than "sent already": those ideas come back.
        var why = forArticle ? held.MaxBy(h => h.Value).Key
            : held.Keys.OrderByDescending(h => h is Held.CoolingDown or Held.MonthlyCap).ThenByDescending(h => held[h]).First();
        return (why, forArticle) switch
        {
            (Held.AlreadySent, true) => "Everyone this article fits has already been sent it.",
            (Held.AlreadySent, false) => "You have sent them everything from your reading that fits them.",
            (Held.Dismissed, true) => "You chose \"not now\" for everyone this article fits.",
            (Held.Dismissed, false) => "You chose \"not now\" for everything from your reading that fits them.",
            (Held.CoolingDown, true) => "Everyone this article fits heard from you in the last few days; give it a little time.",
            (Held.CoolingDown, false) => "They heard from you in the last few days; give it a little time.",
            (_, true) => "Everyone this article fits has had several articles from you this month; give it a rest.",
            _ => "They have had several articles from you this month; give it a rest.",
        };
    }

    ScoreParts Parts(Contact contact, ContactMatch match, IReadOnlyCollection<string> userInterests, DateTime now)
    {
        var cadence = contactsOptions.CadenceFor(contact);
        var overdue = 0.0;
        if (cadence is { } days && contact.NextContactDue is { } due && due < now)
            overdue = Math.Min(1, (now - due).TotalDays / days);
        var staleness = contact.LastContactedAt is { } last
            ? 1 - Math.Exp(-Math.Max(0, (now - last).TotalDays) / options.StalenessDays)
            : 0.5;
        var circle = contact.Circle is { } c && options.CircleFactors.TryGetValue(c, out var f) ? f : options.NoCircleFactor;
        var shared = match.Reasons.Any(r => Shares(userInterests, r.Interest)) || contact.Interests.Any(i => Shares(userInterests, i)) ? 1.0 : 0.0;
        return new ScoreParts
        {
            // Six places: two strong matches (0.99991, 0.99963) must not both read 1.
            Relevance = Math.Round(Math.Clamp(match.Score, 0, 1), 6),
            Overdue = Math.Round(overdue, 4),
            Staleness = Math.Round(staleness, 4),
            Circle = circle,
            SharedInterest = shared,
        };
    }

    static bool Shares(IReadOnlyCollection<string> userInterests, string interest) =>
        userInterests.Any(u => string.Equals(u.Trim(), interest.Trim(), StringComparison.OrdinalIgnoreCase));

    // Not rounded: two strong matches must keep their order (the response rounds for display).
    double Score(ScoreParts p, ContactMatch match)
    {
        var weights = options.OverdueWeight + options.StalenessWeight + options.CircleWeight + options.SharedInterestWeight;
        var relationship = weights <= 0 ? 0 : (options.OverdueWeight * p.Overdue + options.StalenessWeight * p.Staleness
            + options.CircleWeight * p.Circle + options.SharedInterestWeight * p.SharedInterest) / weights;
        // The fit leads: the relationship and a specific interest each move a contact by a few percent of its relevance,
        // enough to order people of similar fit, never enough to lift a weak fit over a strong one.
        var specific = 1 / (1 + Math.Log2(1 + match.Breadth));
        return p.Relevance * (1 + options.RelationshipShare * relationship + options.SpecificityShare * specific)
            / (1 + options.RelationshipShare + options.SpecificityShare);
    }
}
