using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>What was already shared with a contact: for the "never twice" and "don't pester" rules.</summary>
public sealed record PastShare(Guid ContactId, string UrlKey, string TitleKey, DateTime SharedAt, string? Title = null);

/// <summary>
/// Combines relevance with the relationship — overdue against the cadence, time since last contact, circle, an
/// interest shared with the user — and applies the guardrails that keep the product from nudging anyone to pester.
/// </summary>
internal sealed class SuggestionRanker(SuggestionsOptions options, ContactsOptions contactsOptions)
{
    public sealed record Ranked(Contact Contact, ContactMatch Match, double Score, ScoreParts Parts);

    /// <summary>Why a matched contact was left out; the response says so when nobody is left.</summary>
    public enum Held { AlreadySent, Dismissed, CoolingDown, MonthlyCap }

    public (List<Ranked> Ranked, Dictionary<Held, int> Held) Rank(
        IReadOnlyList<ContactMatch> matches, IReadOnlyDictionary<Guid, Contact> contacts, IReadOnlyList<PastShare> shares,
        IReadOnlySet<Guid> dismissed, ArticleKeys article, IReadOnlyCollection<string> userInterests, DateTime now)
    {
        var held = new Dictionary<Held, int>();
        var sharesByContact = shares.ToLookup(s => s.ContactId);
        var userSet = new HashSet<string>(userInterests.Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);
        var ranked = new List<Ranked>();

        foreach (var match in matches)
        {
            if (!contacts.TryGetValue(match.ContactId, out var contact) || match.Score <= 0) continue;
            var past = sharesByContact[match.ContactId].ToList();
            if (Guard(match, past, dismissed.Contains(match.ContactId), article, now) is { } reason)
            {
                held[reason] = held.GetValueOrDefault(reason) + 1;
                continue;
            }
            var parts = Parts(contact, match, userSet, now);
            ranked.Add(new Ranked(contact, match, Score(parts with { Relevance = Math.Clamp(match.Score, 0, 1) }), parts));
        }
        // Ties (equal scores) fall back to relevance, then a stable id order.
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score) is not 0 and var byScore ? byScore
            : b.Match.Score.CompareTo(a.Match.Score) is not 0 and var byRelevance ? byRelevance
            : a.Contact.Id.CompareTo(b.Contact.Id));
        return (ranked, held);
    }

    Held? Guard(ContactMatch match, List<PastShare> past, bool dismissed, ArticleKeys article, DateTime now)
    {
        if (past.Any(s => article.UrlKeys.Contains(s.UrlKey) || ArticleIdentity.SameTitle(s.TitleKey, article.TitleKey)))
            return Held.AlreadySent;
        if (dismissed) return Held.Dismissed;
        if (past.Count(s => s.SharedAt > now.AddDays(-options.CapWindowDays)) >= options.MaxSharesPerContact)
            return Held.MonthlyCap;
        if (past.Any(s => s.SharedAt > now.AddDays(-options.CooldownDays)) && match.Score < options.ExceptionalRelevance)
            return Held.CoolingDown;
        return null;
    }

    ScoreParts Parts(Contact contact, ContactMatch match, HashSet<string> userInterests, DateTime now)
    {
        var cadence = contactsOptions.CadenceFor(contact);
        var overdue = 0.0;
        if (cadence is { } days && contact.NextContactDue is { } due && due < now)
            overdue = Math.Min(1, (now - due).TotalDays / days);
        var staleness = contact.LastContactedAt is { } last
            ? 1 - Math.Exp(-Math.Max(0, (now - last).TotalDays) / options.StalenessDays)
            : 0.5;
        var circle = contact.Circle is { } c && options.CircleFactors.TryGetValue(c, out var f) ? f : options.NoCircleFactor;
        var shared = match.Reasons.Any(r => userInterests.Contains(r.Interest)) || contact.Interests.Any(userInterests.Contains) ? 1.0 : 0.0;
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

    // Not rounded: two strong matches must keep their order (the response rounds for display).
    double Score(ScoreParts p)
    {
        var weights = 1 + options.OverdueWeight + options.StalenessWeight + options.CircleWeight + options.SharedInterestWeight;
        var boost = 1 + options.OverdueWeight * p.Overdue + options.StalenessWeight * p.Staleness
            + options.CircleWeight * p.Circle + options.SharedInterestWeight * p.SharedInterest;
        return p.Relevance * boost / weights;
    }
}

/// <summary>The keys an article is known by: its URL's and its canonical URL's, and its title's.</summary>
public sealed record ArticleKeys(IReadOnlySet<string> UrlKeys, string TitleKey)
{
    public static ArticleKeys Of(string url, string? canonicalUrl, string? title) =>
        new(new HashSet<string>(new[] { url, canonicalUrl }.OfType<string>().Select(ArticleIdentity.UrlKey)), ArticleIdentity.TitleKey(title));
}
