using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ContentHelper.Api.Topics;

/// <summary>One word of a text: as written, and as the stem both topics and lexical matching compare.</summary>
internal readonly record struct Term(string Surface, string Stem, int Start, int End, bool IsStopWord, bool IsCapitalized, bool IsNumber);

/// <summary>
/// Splits text into words, marks stop words and stems with Porter, so "elections" in an interest meets
/// "election" in an article. Shared by topic extraction and by the lexical side of matching, which must agree.
/// </summary>
internal static partial class TermAnalyzer
{
    // Hyphens split words ("carbon-capture" = "carbon capture") except after a short prefix, which is written with or
    // without one ("co-working" = "coworking", "e-commerce" = "ecommerce"); apostrophes and inner dots do not split
    // ("don't", "U.S").
    [GeneratedRegex(@"(?:\b\p{L}{1,3}-(?=\p{L}{3}))?[\p{L}\p{N}]+(?:['’.&][\p{L}\p{N}]+)*")]
    private static partial Regex WordRegex();

    // English function words, plus the few contractions news text is full of.
    internal static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "of",
        "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
        "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours", "yourself", "yourselves", "also", "may", "might", "must", "shall", "upon",
        "via", "per", "yet", "ever", "every", "among", "amid", "within", "without", "whether", "although",
        "though", "however", "whose", "since", "around", "across", "along", "toward", "towards", "onto", "unless",
        "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "couldn't",
        "wouldn't", "shouldn't", "it's", "i'm", "i've", "we're", "they're", "that's", "there's", "he's", "she's",
        "let", "lets", "etc", "vs",
    ]);

    // Porter over-stems these onto unrelated everyday words: "news" → "new", "organization" → "organ",
    // "university" → "univers" (universe), "community" and "communication" → "commun". An interest like "news"
    // would otherwise match every "new". Each maps to one stem of its own, shared by its plural.
    private static readonly FrozenDictionary<string, string> Protected = new Dictionary<string, string>
    {
        ["news"] = "news",
        ["organization"] = "organization", ["organizations"] = "organization",
        ["organisation"] = "organization", ["organisations"] = "organization",
        ["university"] = "university", ["universities"] = "university",
        ["community"] = "community", ["communities"] = "community",
        ["communication"] = "communication", ["communications"] = "communication",
        ["united"] = "united",
        ["polite"] = "polite",
    }.ToFrozenDictionary();

    public static List<Term> Analyze(string text) => Analyze(text, StopWords);

    /// <summary>The words of a text in another language: its own function words are the stop words (stems stay Porter's,
    /// so that a name or a word typed in an interest meets itself on the page).</summary>
    public static List<Term> Analyze(string text, FrozenSet<string> stopWords)
    {
        var terms = new List<Term>();
        foreach (Match m in WordRegex().Matches(text))
        {
            var surface = m.Value;
            // "Google's" is Google: the possessive is not part of the name.
            if (surface.Length > 2 && (surface.EndsWith("'s", StringComparison.Ordinal) || surface.EndsWith("’s", StringComparison.Ordinal)))
                surface = surface[..^2];
            var lower = surface.ToLowerInvariant().Replace('’', '\'').Replace("-", "");
            var isNumber = char.IsDigit(lower[0]);
            var isStop = stopWords.Contains(lower);
            var stem = isNumber || isStop ? lower : Stem(lower);
            terms.Add(new Term(surface, stem, m.Index, m.Index + m.Length, isStop, char.IsUpper(surface[0]), isNumber));
        }
        return terms;
    }

    /// <summary>The words of a text, lower-cased, as the analyzer splits them: what telling its language reads.</summary>
    public static List<string> Words(string text) =>
        [.. WordRegex().Matches(text).Select(m => m.Value.ToLowerInvariant().Replace('’', '\''))];

    /// <summary>The content stems of a phrase, in order: what an interest like "Premier League" is matched by.</summary>
    public static string[] ContentStems(string phrase) =>
        [.. Analyze(phrase).Where(t => !t.IsStopWord).Select(t => t.Stem)];

    public static string Stem(string lowerWord)
    {
        if (lowerWord.Length < 3) return lowerWord;
        if (Protected.TryGetValue(lowerWord, out var own)) return own;
        return PorterStemmer.Stem(lowerWord);
    }
}
