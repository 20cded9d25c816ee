namespace ContentHelper.Api.Contacts;

/// <summary>
/// What to call a person and where to file them: "Dr. Tom Okafor" is greeted "Tom" and sorted under T, as an
/// address book does. Honorifics come before a name, credentials and generational suffixes after it.
/// </summary>
public static class PersonNames
{
    /// <summary>Titles before a name, compared without case or a trailing dot. Not "Don" or "Sr": they are also names.</summary>
    static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "lord", "lady", "rev", "revd",
        "reverend", "fr", "hon", "judge", "rabbi", "imam", "herr", "frau", "mme", "mlle", "dott",
    };

    /// <summary>Degrees and post-nominals people put after their name on LinkedIn ("Ana Ruiz, PhD"). Not "MA" or "BA": Ma is also a surname.</summary>
    static readonly HashSet<string> Credentials = new(StringComparer.OrdinalIgnoreCase)
    {
        "phd", "dphil", "md", "mba", "msc", "bsc", "cpa", "pmp", "esq", "obe", "mbe", "cbe", "kbe", "dbe",
        "frs", "frcp", "facs", "rn", "dds", "dvm", "jd", "llm", "cfa",
    };

    // After a name they tell a father from his son, so matching keeps them; a greeting does not need them.
    static readonly HashSet<string> Generations = new(StringComparer.OrdinalIgnoreCase) { "jr", "sr", "ii", "iii", "iv" };

    /// <summary>
    /// The name to greet someone by: "Dr. Tom Okafor" → "Tom", "Prof. Dame Sarah Gilbert" → "Sarah", "Okafor, Tom" →
    /// "Tom", "Tom Okafor Jr." → "Tom". A title with only a surname stays whole: "Dr. Okafor" → "Dr. Okafor".
    /// </summary>
    public static string FirstName(string name)
    {
        var (titles, words) = Parts(name);
        if (words.Count == 0) return name.Trim();
        if (words.Count == 1 && titles.Count > 0) return titles[^1] + " " + words[0];
        return words[0];
    }

    /// <summary>The name as it is filed: without titles or suffixes, lower case, accents folded ("Dr. Élodie Roux" → "elodie roux").</summary>
    public static string SortKey(string name)
    {
        var (_, words) = Parts(name);
        var key = ContactKeys.Fold(string.Join(' ', words));
        return key.Length > 0 ? key : name.Trim().ToLowerInvariant();
    }

    /// <summary>The titles in front and the name's own words in speaking order ("Okafor, Tom" → Tom Okafor).</summary>
    static (List<string> Titles, List<string> Words) Parts(string name)
    {
        var text = name.Trim();
        // "Okafor, Tom" (a "File As" form) unless what follows the comma is only a suffix ("Tom Okafor, PhD").
        var comma = text.IndexOf(',');
        if (comma > 0)
        {
            var after = text[(comma + 1)..].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
            if (after.All(IsSuffix)) text = text[..comma];
            else if (text.IndexOf(',', comma + 1) < 0 && WordCount(text[..comma]) <= 2 && after.Length <= 2)
                text = text[(comma + 1)..] + " " + text[..comma];
        }
        var words = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        var titles = new List<string>();
        while (words.Count > 1 && Honorifics.Contains(words[0].TrimEnd('.')))
        {
            titles.Add(words[0]);
            words.RemoveAt(0);
        }
        while (words.Count > 1 && IsSuffix(words[^1])) words.RemoveAt(words.Count - 1);
        return (titles, words);
    }

    static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    static bool IsSuffix(string word)
    {
        var bare = word.Replace(".", "");
        return Credentials.Contains(bare) || Generations.Contains(bare);
    }
}
