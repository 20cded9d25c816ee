namespace ContentHelper.Shared.Matching;

/// <summary>Why a contact fits an article: the interest that matched and what in the article it matched.</summary>
/// <param name="Interest">The contact's interest as they wrote it.</param>
/// <param name="Kind">"lexical" (the interest's words occur in the article) or "semantic" (same meaning, other words).</param>
/// <param name="Evidence">The article phrase that best supports the match (a key phrase, or the interest's words as written there).</param>
/// <param name="Sentence">The article sentence where that evidence stands, when there is one.</param>
/// <param name="Score">This interest's score in [0, 1] (for an implicit interest, the share of its relevance it counts for).</param>
/// <param name="Source">Typed by the user, or read from what is known of the contact (headline, company, tags, notes, what was sent to them).</param>
/// <param name="From">For an implicit interest, where it was read, in words: "from their headline: Talent Acquisition Lead".</param>
public sealed record MatchReasonResponse(string Interest, string Kind, string Evidence, string? Sentence, double Score,
    InterestSource Source = InterestSource.Typed, string? From = null);

/// <summary>
/// Where an interest a contact is matched on comes from. Only <see cref="Typed"/> ones were given by hand; the others
/// are implicit, match with a lower weight and can be switched off per contact or for the account.
/// </summary>
public enum InterestSource
{
    /// <summary>One of the contact's interests, as the user typed or accepted it.</summary>
    Typed,
    /// <summary>Read from their headline or job title ("Talent Acquisition Lead" → recruiting, hiring).</summary>
    Headline,
    /// <summary>Read from their company's name ("Greenfield Ventures" → venture capital).</summary>
    Company,
    /// <summary>Read from the tags the user gave them.</summary>
    Tags,
    /// <summary>Read from the user's notes on them.</summary>
    Notes,
    /// <summary>A topic of an article the user sent them before.</summary>
    Shared,
}

/// <summary>How sure a match is: strong (the interest is plainly what the article is about) or possible (related, worth a look).</summary>
public enum MatchStrength
{
    Strong,
    Possible,
}
