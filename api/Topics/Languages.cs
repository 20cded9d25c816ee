using System.Collections.Frozen;
using System.Globalization;

namespace ContentHelper.Api.Topics;

/// <summary>
/// Which language an article is written in, and that language's function words, so that "die, und, der" are never
/// a German page's topics. Told from the text itself — the share of each language's stop words (Lucene's lists)
/// among its words, and CJK script — with the page's declared language as the tie-breaker, since a declared
/// <c>lang</c> is often a site-wide default. The embedding model reads English best: matching knows a page in
/// another language by this, says so, and reads one in another script by its words only (<see cref="ReadByModel"/>).
/// </summary>
internal static class Languages
{
    public const string English = "en";

    // Enough words to judge by; fewer and the declared language (else English) stands.
    private const int MinWords = 20;
    // A language's stop words must be this share of the words, and well ahead of English's, to be the page's.
    private const double MinShare = 0.08, LeadOverEnglish = 1.5;
    private const int SampleChars = 4000;

    // The stop-word lists Apache Lucene ships for each language (most from the Snowball project), kept as text
    // resources (Topics/StopWords, credited in NOTICE).
    private static readonly (string Code, FrozenSet<string> StopWords)[] Known =
    [
        (English, TermAnalyzer.StopWords),
        .. new[] { "de", "fr", "es", "pt", "it", "nl", "cs", "sv", "da", "nb", "fi", "ro", "hu", "tr", "ru" }.Select(code => (code, Read(code))),
    ];

    private static readonly FrozenDictionary<string, FrozenSet<string>> StopWordsOf =
        Known.ToFrozenDictionary(k => k.Code, k => k.Code == English ? k.StopWords : k.StopWords.Union(TermAnalyzer.StopWords).ToFrozenSet());

    private static FrozenSet<string> Read(string code)
    {
        using var stream = typeof(Languages).Assembly.GetManifestResourceStream($"ContentHelper.Api.Topics.StopWords.{code}.txt")
            ?? throw new InvalidOperationException($"The stop words of '{code}' are not in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The function words of a language (with English's, which foreign pages quote too); English's for one not known.</summary>
    public static FrozenSet<string> StopWords(string code) => StopWordsOf.GetValueOrDefault(code) ?? TermAnalyzer.StopWords;

    /// <summary>
    /// Whether the embedding model can read a page in this language. It was trained on English, but its word pieces
    /// cover the Latin alphabet without accents, so a French or Spanish page still shares names, cognates and
    /// loanwords with an interest ("surveillance", "Beatles"); measured on the graded network's pages in Latin
    /// scripts it found people the words alone missed (docs/matching.md). Other scripts (Chinese, Japanese, Korean,
    /// Cyrillic) it reads as noise, and they are matched by words only.
    /// </summary>
    public static bool ReadByModel(string code) => code == English || (LatinScript.Contains(code) && StopWordsOf.ContainsKey(code));

    private static readonly FrozenSet<string> LatinScript =
        new[] { "de", "fr", "es", "pt", "it", "nl", "cs", "sv", "da", "nb", "fi", "ro", "hu", "tr" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The language's name in English ("German"), for telling the user.</summary>
    public static string Name(string code)
    {
        try { return CultureInfo.GetCultureInfo(code).EnglishName; }
        catch (CultureNotFoundException) { return code; }
    }

    /// <summary>The language of a text as a two-letter code (ISO 639-1): "en", "de", "zh"…</summary>
    public static string Detect(string text, string? declared)
    {
        var sample = text.Length <= SampleChars ? text : text[..SampleChars];
        var declaredCode = declared?.Split('-', '_')[0].Trim().ToLowerInvariant();
        if (Cjk(sample) is { } cjk) return cjk;

        var words = TermAnalyzer.Words(sample);
        if (words.Count < MinWords) return declaredCode is { Length: 2 } && StopWordsOf.ContainsKey(declaredCode) ? declaredCode : English;
        var counts = Known.ToDictionary(k => k.Code, k => words.Count(k.StopWords.Contains));
        var english = counts[English];
        var (best, count) = counts.Where(c => c.Key != English).MaxBy(c => c.Value);
        var foreign = count >= MinShare * words.Count && count >= LeadOverEnglish * english;
        // Closely related languages share function words: the declared one wins when it is nearly as well supported.
        if (foreign && declaredCode is not null && declaredCode != English && counts.TryGetValue(declaredCode, out var declaredCount) && declaredCount >= 0.8 * count)
            return declaredCode;
        return foreign ? best : English;
    }

    // Chinese, Japanese and Korean are told by their scripts: a third of the letters in them settles it.
    private static string? Cjk(string sample)
    {
        int letters = 0, han = 0, kana = 0, hangul = 0;
        foreach (var c in sample)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c is >= '\u3040' and <= '\u30FF') kana++;
            else if (c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF') hangul++;
            else if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF') han++;
        }
        if (letters == 0 || (han + kana + hangul) * 3 < letters) return null;
        return hangul > han && hangul > kana ? "ko" : kana > 0 && kana * 10 >= han ? "ja" : "zh";
    }
}
