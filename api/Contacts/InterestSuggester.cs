namespace ContentHelper.Api.Contacts;

/// <summary>
/// Proposes interests from what an import knows about a person: "Technical Recruiter" → recruiting, hiring.
/// The result goes to <see cref="Contact.SuggestedInterests"/>, which matching ignores until the user accepts it.
/// </summary>
public sealed class InterestSuggester
{
    readonly (string Needle, string[] Interests)[] hints;
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
    }

    /// <param name="texts">Job title, company, department, labels, notes.</param>
    /// <param name="known">Interests the contact already has or was already offered; never suggested again.</param>
    public List<string> Suggest(IEnumerable<string?> texts, IEnumerable<string> known)
    {
        var seen = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var folded = " " + ContactKeys.Fold(text) + " ";
            foreach (var (needle, interests) in hints)
            {
                if (!folded.Contains(needle, StringComparison.Ordinal)) continue;
                foreach (var interest in interests)
                {
                    if (result.Count >= max) return result;
                    if (seen.Add(interest)) result.Add(interest);
                }
            }
        }
        return result;
    }
}
