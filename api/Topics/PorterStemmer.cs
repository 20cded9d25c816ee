namespace ContentHelper.Api.Topics;

/// <summary>
/// The Porter stemmer (M. F. Porter, 1980) as the Snowball project defines it (snowballstem.org, "porter"): the same
/// stems as the Snowball PorterStemmer this product used through Lucene.Net.Analysis.Common, without the 7 MB that
/// package and its dependencies added to every publish for this one class. Checked word for word against it over the
/// vocabulary of the evaluation corpora (docs/matching.md). Expects a lower-case word.
/// </summary>
internal static class PorterStemmer
{
    static readonly (string Suffix, string With)[] Step2 =
    [
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"), ("eli", "e"),
        ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"), ("alli", "al"),
        ("alism", "al"), ("aliti", "al"), ("fulness", "ful"), ("ousli", "ous"), ("ousness", "ous"), ("iveness", "ive"),
        ("iviti", "ive"), ("biliti", "ble"),
    ];

    static readonly (string Suffix, string With)[] Step3 =
    [
        ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"), ("ative", ""), ("ful", ""), ("ness", ""),
    ];

    static readonly string[] Step4 =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive",
        "ize", "ion", "ou",
    ];

    static readonly string[] Step1b = ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];

    // Snowball's vowels: a y that follows a vowel (or starts the word) is marked 'Y' first and counts as a consonant.
    static bool Vowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    public static string Stem(string word)
    {
        var w = new System.Text.StringBuilder(word);
        var foundY = false;
        if (w.Length > 0 && w[0] == 'y') { w[0] = 'Y'; foundY = true; }
        for (var i = 1; i < w.Length; i++)
            if (w[i] == 'y' && Vowel(w[i - 1])) { w[i] = 'Y'; foundY = true; }

        // R1 begins after the first non-vowel that follows a vowel; R2 likewise within R1.
        int p1 = w.Length, p2 = w.Length;
        var at = PastVowelThenConsonant(w, 0);
        if (at >= 0)
        {
            p1 = at;
            var next = PastVowelThenConsonant(w, at);
            if (next >= 0) p2 = next;
        }

        Step1a(w);
        Step1B(w, p1);
        if (w.Length > 0 && w[^1] is 'y' or 'Y' && HasVowel(w, w.Length - 1)) w[^1] = 'i';
        Replace(w, Step2, p1);
        Replace(w, Step3, p1);
        Step4Delete(w, p2);
        if (w.Length > 0 && w[^1] == 'e')
        {
            var e = w.Length - 1;
            if (e >= p2 || (e >= p1 && !ShortSyllable(w, e))) w.Length = e;
        }
        if (w.Length > 1 && w[^1] == 'l' && w.Length - 1 >= p2 && w[^2] == 'l') w.Length--;

        if (foundY)
            for (var i = 0; i < w.Length; i++)
                if (w[i] == 'Y') w[i] = 'y';
        return w.ToString();
    }

    /// <summary>The position after the first vowel-then-non-vowel from <paramref name="from"/>; −1 when there is none.</summary>
    static int PastVowelThenConsonant(System.Text.StringBuilder w, int from)
    {
        var i = from;
        while (i < w.Length && !Vowel(w[i])) i++;
        if (i == w.Length) return -1;
        i++;
        while (i < w.Length && Vowel(w[i])) i++;
        return i == w.Length ? -1 : i + 1;
    }

    static bool HasVowel(System.Text.StringBuilder w, int before)
    {
        for (var i = 0; i < before; i++)
            if (Vowel(w[i])) return true;
        return false;
    }

    static bool EndsWith(System.Text.StringBuilder w, string suffix)
    {
        if (suffix.Length > w.Length) return false;
        for (var i = 0; i < suffix.Length; i++)
            if (w[w.Length - suffix.Length + i] != suffix[i]) return false;
        return true;
    }

    /// <summary>Consonant, vowel, consonant ending just before <paramref name="end"/>, the last not w, x or Y ("hop", not "bow").</summary>
    static bool ShortSyllable(System.Text.StringBuilder w, int end) =>
        end >= 3 && !Vowel(w[end - 1]) && w[end - 1] is not ('w' or 'x' or 'Y') && Vowel(w[end - 2]) && !Vowel(w[end - 3]);

    static void Step1a(System.Text.StringBuilder w)
    {
        if (EndsWith(w, "sses")) w.Length -= 2;
        else if (EndsWith(w, "ies")) w.Length -= 2;
        else if (EndsWith(w, "ss")) { }
        else if (EndsWith(w, "s")) w.Length--;
    }

    static void Step1B(System.Text.StringBuilder w, int p1)
    {
        if (EndsWith(w, "eed"))
        {
            if (w.Length - 3 >= p1) w.Length--;
            return;
        }
        var suffix = EndsWith(w, "ing") ? 3 : EndsWith(w, "ed") ? 2 : 0;
        if (suffix == 0 || !HasVowel(w, w.Length - suffix)) return;
        w.Length -= suffix;
        var ending = Step1b.FirstOrDefault(s => EndsWith(w, s));
        if (ending is "at" or "bl" or "iz") w.Append('e');
        else if (ending is not null) w.Length--;
        else if (w.Length == p1 && ShortSyllable(w, w.Length)) w.Append('e');
    }

    /// <summary>The longest of the suffixes replaced when it starts within the region; a shorter one is not tried.</summary>
    static void Replace(System.Text.StringBuilder w, (string Suffix, string With)[] rules, int region)
    {
        var best = -1;
        for (var r = 0; r < rules.Length; r++)
            if (EndsWith(w, rules[r].Suffix) && (best < 0 || rules[r].Suffix.Length > rules[best].Suffix.Length)) best = r;
        if (best < 0 || w.Length - rules[best].Suffix.Length < region) return;
        w.Length -= rules[best].Suffix.Length;
        w.Append(rules[best].With);
    }

    static void Step4Delete(System.Text.StringBuilder w, int p2)
    {
        string? best = null;
        foreach (var suffix in Step4)
            if (EndsWith(w, suffix) && (best is null || suffix.Length > best.Length)) best = suffix;
        if (best is null || w.Length - best.Length < p2) return;
        if (best == "ion" && !(w.Length > 3 && w[w.Length - 4] is 's' or 't')) return;
        w.Length -= best.Length;
    }
}
