using ContentHelper.Api.Data;
using ContentHelper.Shared.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// Interests nobody typed for a contact, read from what the product already knows of them: their headline and
/// company (the way an import reads a job title, <see cref="InterestSuggester"/>, plus the headline's role in its own
/// words, <see cref="InterestSuggester.Role"/>), the user's tags and notes on
/// them, and the topics of articles the user sent them. Matching counts them for less than typed interests
/// (<see cref="MatchingOptions.ImplicitWeight"/>) and every reason says where one was read. An interest the contact
/// has, or one the user dismissed, is never produced: a dismissal stays a dismissal.
/// </summary>
public sealed class ImplicitInterests(IOptions<ImportOptions> options)
{
    /// <summary>At most this many per contact, so a long note or a long history cannot crowd out the rest.</summary>
    public const int MaxPerContact = 12;

    // The strongest topics of the latest articles sent: what the user already judged to matter to this person.
    const int TopicsPerSentArticle = 2, SentArticles = 5;

    readonly InterestSuggester suggester = new(options.Value);

    /// <summary>What is known of a contact; <paramref name="Sent"/> is newest first.</summary>
    public sealed record Profile(
        string? Headline, string? Company, IReadOnlyList<string> Tags, string? Notes, IReadOnlyList<string> Interests,
        IReadOnlyList<string> Dismissed, IReadOnlyList<SentArticle> Sent);

    /// <summary>An article the user sent the contact, with the topics it was remembered with.</summary>
    public sealed record SentArticle(string? Title, IReadOnlyList<string> Topics);

    public static Profile Of(Contact contact, IReadOnlyList<SentArticle>? sent = null) =>
        new(contact.Headline, contact.Company, contact.Tags, contact.Notes, contact.Interests, contact.DismissedInterests, sent ?? []);

    /// <summary>A contact's implicit interests now, the articles sent to them included; none when switched off for them or the account.</summary>
    public async Task<List<ImplicitInterest>> ForContactAsync(AppDb db, Contact contact, CancellationToken ct)
    {
        if (!contact.UseImplicitInterests || !await db.Accounts.AnyAsync(a => a.Id == contact.AccountId && a.UseImplicitInterests, ct)) return [];
        var sent = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == contact.AccountId && s.ContactId == contact.Id && s.Topics.Count > 0)
            .OrderByDescending(s => s.SharedAt)
            .Select(s => new SentArticle(s.Title, s.Topics))
            .ToListAsync(ct);
        return For(Of(contact, sent));
    }

    public List<ImplicitInterest> For(Profile contact)
    {
        var result = new List<ImplicitInterest>();
        var known = new HashSet<string>(contact.Interests.Concat(contact.Dismissed).Select(Phrases.Key), StringComparer.Ordinal);
        void Add(IEnumerable<string> interests, InterestSource source, string from)
        {
            foreach (var interest in interests)
                if (result.Count < MaxPerContact && known.Add(Phrases.Key(interest)))
                    result.Add(new ImplicitInterest(interest, source, from));
        }

        if (Clean(contact.Headline) is { } headline)
            Add(suggester.Suggest([headline], [headline], known).Append(InterestSuggester.Role(headline)).OfType<string>(), InterestSource.Headline, $"from their headline: {headline}");
        // A company's name says what it works on through the hint table ("Greenfield Ventures" → venture capital);
        // its own words are no interest of the person's.
        if (Clean(contact.Company) is { } company)
            Add(suggester.Suggest([], [company], known), InterestSource.Company, $"from their company: {company}");
        foreach (var tag in contact.Tags)
            if (Clean(tag) is { } label)
                Add(suggester.Suggest([], [label], known), InterestSource.Tags, $"from their tag: {label}");
        // Only what the hint table recognises in the notes, and the reason names the notes, never quotes them.
        if (Clean(contact.Notes) is { } notes)
            Add(suggester.Suggest([], [notes], known), InterestSource.Notes, "from your notes on them");
        foreach (var sent in contact.Sent.Take(SentArticles))
            Add(sent.Topics.Take(TopicsPerSentArticle), InterestSource.Shared, $"from what you sent them: “{sent.Title ?? "an article"}”");
        return result;
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>An interest the contact was not given by hand, and where it was read ("from their headline: Talent Acquisition Lead").</summary>
public sealed record ImplicitInterest(string Interest, InterestSource Source, string From);
