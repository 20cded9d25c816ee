namespace ContentHelper.Shared.Matching;

/// <summary>Why a contact fits an article: the interest that matched and what in the article it matched.</summary>
/// <param name="Interest">The contact's interest as they wrote it.</param>
/// <param name="Kind">"lexical" (the interest's words occur in the article) or "semantic" (same meaning, other words).</param>
/// <param name="Evidence">The article phrase that best supports the match (a key phrase, or the interest's words as written there).</param>
/// <param name="Sentence">The article sentence where that evidence stands, when there is one.</param>
/// <param name="Score">This interest's score in [0, 1].</param>
public sealed record MatchReasonResponse(string Interest, string Kind, string Evidence, string? Sentence, double Score);

/// <summary>How sure a match is: strong (the interest is plainly what the article is about) or possible (related, worth a look).</summary>
public enum MatchStrength
{
    Strong,
    Possible,
}
