namespace ContentHelper.Api.Contacts;

/// <summary>
/// Proposes interests from what an import knows about a person. A job title says what someone works on once its
/// rank and role words are gone ("Director, Fleet Planning" → fleet planning; "Cloud Gaming Strategist" → cloud
/// gaming), a role noun names a craft ("Gameplay Programmer" → gameplay programming, "Pulmonologist" →
/// pulmonology), and the hint table adds the broader field ("Technical Recruiter" → recruiting, hiring).
/// The result goes to <see cref="Contact.SuggestedInterests"/>, which matching ignores until the user accepts it.
/// </summary>
public sealed partial class InterestSuggester
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*(?:&|\band\b|\+)\s*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RoleParts();

    // Rank, scope and role words: they say where someone sits, not what they work on.
    static readonly HashSet<string> RoleWords =
    [
        "senior", "sr", "junior", "jr", "lead", "principal", "staff", "chief", "head", "director", "vp", "svp", "evp",
        "avp", "vice", "president", "deputy", "assistant", "associate", "executive", "global", "regional", "group",
        "interim", "acting", "officer", "specialist", "coordinator", "administrator", "advisor", "adviser", "partner",
        "owner", "founder", "cofounder", "co", "ceo", "cto", "cfo", "coo", "cmo", "cio", "ciso", "cpo", "intern",
        "trainee", "expert", "professional", "member", "team", "mgr", "manager", "analyst", "strategist", "consultant",
        // Role nouns that name no subject of their own: "Technical Recruiter" is about recruiting, which the hints know.
        "recruiter", "headhunter", "nurse", "practitioner", "teacher", "lecturer", "professor", "lawyer", "attorney",
        "counsel", "accountant", "physician", "doctor", "surgeon", "technician", "representative", "rep", "agent",
        "broker", "trader", "banker", "investor", "leader", "maintainer", "contributor", "fellow",
    ];

    // Role nouns that name a craft: "UX Designer" works on UX design. Only after one word of subject: "Machine
    // Learning Engineer" is about machine learning, and a bare "Manager" about nothing in particular.
    static readonly Dictionary<string, string> Crafts = new(StringComparer.Ordinal)
    {
        ["programmer"] = "programming", ["developer"] = "development", ["designer"] = "design", ["engineer"] = "engineering",
        ["scientist"] = "science", ["writer"] = "writing", ["editor"] = "editing", ["producer"] = "production",
        ["architect"] = "architecture", ["researcher"] = "research", ["planner"] = "planning", ["analyst"] = "analysis",
        ["strategist"] = "strategy", ["manager"] = "management", ["consultant"] = "consulting", ["journalist"] = "journalism",
        ["marketer"] = "marketing", ["photographer"] = "photography", ["economist"] = "economics",
        ["physician"] = "medicine", ["surgeon"] = "surgery", ["nurse"] = "nursing", ["teacher"] = "education",
        ["lawyer"] = "law", ["attorney"] = "law", ["accountant"] = "accounting", ["investor"] = "investing",
    };

    // Words that join the parts of a title; at its edges they are left over from a cut ("Head of …").
    static readonly HashSet<string> Joiners = ["of", "and", "the", "for", "in", "on", "at", "to"];

    // "Engineer at Google", "Director for the Asia-Pacific region", "Partner | Ex-Google": what follows is where, not what.
    static readonly string[] ScopeMarkers = [" at ", " for ", " in ", " with ", " @ "];
    static readonly char[] SegmentSeparators = [',', '|', '/', ';', '(', ')', '–', '—', '·'];

    const int MaxPhraseWords = 4;

    readonly (string Needle, string[] Interests)[] hints;
    readonly HashSet<string> hintWords;
    readonly int max;

    public InterestSuggester(ImportOptions options)
    {
        max = options.MaxSuggestedInterests;
        hints = [.. options.InterestHints.Select(h =>
        {
            var prefix = h.Key.EndsWith('*');
            // Folded like the text, so "Co-Founder" meets the key "co-founder" as "co founder".
            var key = ContactKeys.Fold(prefix ? h.Key[..^1] : h.Key);
            // Spaces around the key so that it only meets whole words (or word starts, for a prefix).
            return (key.Length == 0 ? "" : prefix ? " " + key : " " + key + " ", h.Value);
        }).Where(h => h.Item1.Length > 0)];
        hintWords = [.. hints.Select(h => h.Needle.Trim()).Where(n => !n.Contains(' '))];
    }

    /// <param name="titles">Job title, role and department: what someone works on, in a few words.</param>
    /// <param name="texts">Everything else that hints at it as well: titles again, company, labels, notes.</param>
    /// <param name="known">Interests the contact already has or was already offered; never suggested again.</param>
    public List<string> Suggest(IEnumerable<string?> titles, IEnumerable<string?> texts, IEnumerable<string> known)
    {
        var seen = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        bool Add(string interest)
        {
            if (result.Count >= max) return false;
            if (seen.Add(interest)) result.Add(interest);
            return true;
        }

        foreach (var title in titles)
            foreach (var phrase in Subjects(title))
                if (!Add(phrase)) return result;

        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var folded = " " + ContactKeys.Fold(text) + " ";
            foreach (var (needle, interests) in hints)
            {
                if (!folded.Contains(needle, StringComparison.Ordinal)) continue;
                foreach (var interest in interests)
                    if (Applies(folded, needle, interest) && !Add(interest)) return result;
            }
        }
        return result;
    }

    /// <summary>
    /// The role a headline states, in its own words, without where it is held: "Theology Lecturer at King's College" →
    /// "Theology Lecturer"; null when it only ranks ("Senior Partner", "Founder &amp; CEO"). Matching reads it as an
    /// interest beside the hint table's reading, so a role the table does not know ("Pastor", "General Practitioner")
    /// still finds its articles through the model.
    /// </summary>
    public static string? Role(string? headline)
    {
        if (string.IsNullOrWhiteSpace(headline)) return null;
        var text = WithoutScope(headline);
        var words = ContactKeys.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2 * MaxPhraseWords || !words.Any(w => !RoleWords.Contains(w) && !Joiners.Contains(w) && w.Length > 1)) return null;
        // "Head Chef & Owner" is a head chef: a part that only ranks ("Owner", "Founder") would match any owner or founder.
        var parts = RoleParts().Split(text).Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim(SegmentSeparators).Trim())
            .Where(p => ContactKeys.Fold(p).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => !RoleWords.Contains(w) && !Joiners.Contains(w) && w.Length > 1));
        var role = string.Join(" & ", parts);
        return role.Length == 0 ? null : role;
    }

    /// <summary>
    /// The subjects a title names: "Analyst, Mergers &amp; Acquisitions" → mergers and acquisitions; "Lead Gameplay
    /// Programmer" → gameplay programming; "Pulmonologist" → pulmonology. A list of fields the hint table knows
    /// ("Sales &amp; Marketing") is left to the table.
    /// </summary>
    IEnumerable<string> Subjects(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) yield break;
        foreach (var segment in WithoutScope(title).Replace("&", " and ").Replace(" - ", " | ").Split(SegmentSeparators))
        {
            var words = ContactKeys.Fold(segment).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count == 0) continue;
            // The craft is read before the role words go: "Data Analyst" → data analysis.
            var specific = Ology(words[^1]);
            var craft = Crafts.TryGetValue(words[^1], out var field) ? field : specific;
            if (craft is not null) words.RemoveAt(words.Count - 1);
            while (words.Count > 0 && (RoleWords.Contains(words[0]) || Joiners.Contains(words[0]))) words.RemoveAt(0);
            while (words.Count > 0 && (RoleWords.Contains(words[^1]) || Joiners.Contains(words[^1]))) words.RemoveAt(words.Count - 1);

            if (words.Count == 0)
            {
                // A bare craft is a subject only when it is specific: "Pulmonologist", not "Manager".
                if (specific is not null) yield return specific;
                continue;
            }
            if (words.Count > MaxPhraseWords || words.Any(w => w.Length < 2 && !char.IsDigit(w[0]))) continue;
            if (words.Count == 1)
            {
                if (craft is not null) yield return words[0] + " " + craft;
                continue;
            }
            if (IsListOfKnownFields(words)) continue;
            yield return string.Join(' ', words);
        }
    }

    /// <summary>A title with what follows a scope marker cut off: "Engineer at Google" → " Engineer".</summary>
    static string WithoutScope(string title)
    {
        var text = " " + title + " ";
        foreach (var marker in ScopeMarkers)
        {
            var at = text.IndexOf(marker, 1, StringComparison.OrdinalIgnoreCase);
            if (at > 0) text = text[..at];
        }
        return text;
    }

    /// <summary>"pulmonologist" → "pulmonology", "psychologist" → "psychology"; null for any other word.</summary>
    static string? Ology(string word) =>
        word.Length > 7 && word.EndsWith("ologist", StringComparison.Ordinal) ? word[..^3] + "y" : null;

    /// <summary>"ai and analytics", "sales and marketing": single words the hint table knows, joined by "and".</summary>
    bool IsListOfKnownFields(List<string> words)
    {
        if (!words.Contains("and")) return false;
        var parts = string.Join(' ', words).Split(" and ");
        return parts.All(p => !p.Contains(' ') && hintWords.Contains(p));
    }

    /// <summary>
    /// A hint whose interest extends its key ("cloud" → cloud computing) applies only where the title does not
    /// name another subject after the key: "Cloud Architect" is cloud computing, "Cloud Gaming Strategist" is not.
    /// </summary>
    static bool Applies(string folded, string needle, string interest)
    {
        var key = needle.Trim();
        if (!interest.StartsWith(key + " ", StringComparison.Ordinal)) return true;
        var next = interest[(key.Length + 1)..].Split(' ')[0];
        for (var at = folded.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            var end = folded.IndexOf(' ', at + needle.TrimEnd().Length);
            var following = end < 0 ? "" : folded[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (following.Length == 0 || following.StartsWith(next, StringComparison.Ordinal)
                || RoleWords.Contains(following) || Crafts.ContainsKey(following) || Joiners.Contains(following))
                return true;
        }
        return false;
    }
}
