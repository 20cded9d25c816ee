namespace ContentHelper.Api.Contacts;

/// <summary>
/// Finds contacts that are probably one person: the import's matching rules (LinkedIn URL, email, name + company),
/// the same phone number however it is written ("07700 900123" and "+44 7700 900123"), plus names that are the same or nearly so ("José García" / "Jose Garcia" / "Garcia, José" / "José Garcai").
/// Never pairs two contacts with different LinkedIn profiles on their names alone.
/// </summary>
public static class DuplicateFinder
{
    // One typo in a short name, two in a long one; names shorter than this are too common to compare loosely.
    const int MinFuzzyLength = 6, LongName = 12;

    public sealed record Group(List<Contact> Contacts, List<string> Reasons);

    /// <param name="phoneRegion">The country of numbers written without "+" (<see cref="ContactsOptions.PhoneRegion"/>).</param>
    public static List<Group> Find(IReadOnlyList<Contact> contacts, string? phoneRegion)
    {
        var parent = Enumerable.Range(0, contacts.Count).ToArray();
        var links = new List<(int A, int B, string Reason)>();
        var linkedIn = contacts.Select(c => ContactKeys.LinkedIn(c.LinkedInUrl)).ToArray();
        // Word order does not matter: "Garcia, José" is "José Garcia".
        var names = contacts.Select(c => string.Join(' ', ContactKeys.Name(c.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))).ToArray();

        void Link(int a, int b, string reason)
        {
            var (ra, rb) = (Root(a), Root(b));
            // A similar name adds nothing to a pair already tied by something firmer.
            if (ra == rb && reason == "similarName") return;
            links.Add((a, b, reason));
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
        int Root(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        bool Conflict(int a, int b) => linkedIn[a] is not null && linkedIn[b] is not null && linkedIn[a] != linkedIn[b];

        LinkSame(i => linkedIn[i], "linkedInUrl", check: false);
        LinkSame(i => ContactKeys.Email(contacts[i].Email), "email", check: false);
        LinkSame(i => ContactKeys.Phone(contacts[i].Phone, phoneRegion), "phone", check: true);
        LinkSame(i => ContactKeys.Company(contacts[i].Company) is { Length: > 0 } company && names[i].Length > 0 ? names[i] + "|" + company : null, "nameAndCompany", check: true);
        LinkSame(i => names[i].Length > 0 ? names[i] : null, "similarName", check: true);

        // Near-identical names: two names within one edit share a variant with one character deleted (or none), so
        // only names that share a bucket are compared — never all pairs.
        var buckets = new Dictionary<string, List<int>>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var name = names[i];
            if (name.Length < MinFuzzyLength) continue;
            foreach (var variant in Variants(name))
            {
                if (!buckets.TryGetValue(variant, out var list)) buckets[variant] = list = [];
                if (list.Count == 0 || list[^1] != i) list.Add(i);
            }
        }
        var compared = new HashSet<(int, int)>();
        foreach (var bucket in buckets.Values.Where(b => b.Count > 1))
        {
            for (var x = 0; x < bucket.Count; x++)
            for (var y = x + 1; y < bucket.Count; y++)
            {
                var (a, b) = (bucket[x], bucket[y]);
                if (names[a] == names[b] || !compared.Add((a, b)) || Conflict(a, b)) continue;
                var allowed = Math.Max(names[a].Length, names[b].Length) >= LongName ? 2 : 1;
                if (Distance(names[a], names[b], allowed) <= allowed) Link(a, b, "similarName");
            }
        }

        return [.. links
            .GroupBy(l => Root(l.A))
            .Select(g => new Group(
                [.. g.SelectMany(l => new[] { l.A, l.B }).Distinct().Select(i => contacts[i]).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)],
                [.. g.Select(l => l.Reason).Distinct()]))
            .OrderBy(g => g.Contacts[0].Name, StringComparer.OrdinalIgnoreCase)];

        void LinkSame(Func<int, string?> key, string reason, bool check)
        {
            var first = new Dictionary<string, List<int>>();
            for (var i = 0; i < contacts.Count; i++)
            {
                if (key(i) is not { } k) continue;
                if (!first.TryGetValue(k, out var seen)) { first[k] = [i]; continue; }
                // Link to the first that does not conflict; with a conflict, keep it as a new anchor.
                var anchor = check ? seen.FirstOrDefault(s => !Conflict(s, i), -1) : seen[0];
                if (anchor >= 0) Link(anchor, i, reason);
                else seen.Add(i);
            }
        }
    }

    static IEnumerable<string> Variants(string name)
    {
        yield return name;
        for (var i = 0; i < name.Length; i++) yield return name.Remove(i, 1);
    }

    /// <summary>Optimal string alignment distance (edits, with adjacent swaps as one), stopping early past <paramref name="limit"/>.</summary>
    static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
        }
        return d[a.Length, b.Length];
    }
}
