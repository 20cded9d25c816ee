using System.Globalization;
using System.Text;

namespace ContentHelper.Tests.Contacts;

/// <summary>
/// A generated LinkedIn network, as Connections.csv exports it: most people connected years ago, a few within the
/// last months (not yet due by any cadence), no interests, emails empty, companies quoted when they hold commas.
/// </summary>
public static class LinkedInNetwork
{
    public sealed record Connection(string First, string Last, string Company, string Position, DateOnly ConnectedOn)
    {
        public string Name => $"{First} {Last}";
    }

    static readonly string[] Firsts =
    [
        "Ana", "Ben", "Chen", "Dara", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kavya", "Liam", "Mira", "Nils", "Olga",
        "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes", "Ximena", "Yusuf",
    ];
    static readonly string[] Lasts =
    [
        "Ruiz", "Carter", "Wei", "Okafor", "Berg", "Silva", "Novak", "Laurent", "Haddad", "Kowalski", "Mehta", "Byrne", "Costa",
        "Dubois", "Eklund", "Fischer", "Garcia", "Ito", "Jensen", "Moreau",
    ];
    static readonly string[] Companies = ["Northwind", "Contoso", "Fabrikam", "\"Mercer & Lowe, LLP\"", "Tailspin", "Adatum", "Litware", "Proseware"];
    static readonly string[] Positions =
    [
        "Technical Recruiter", "Software Engineer", "Carbon Capture Engineer", "Product Manager", "Corporate Lawyer", "Data Scientist",
        "Head of Talent", "Marine Biologist", "Account Executive", "Founder",
    ];

    /// <summary><paramref name="count"/> people (at most 500, each name once); about one in eight connected within the last 170 days.</summary>
    public static List<Connection> Make(int count, DateTime now, int seed)
    {
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(now);
        return [.. Enumerable.Range(0, count).Select(i => new Connection(
            Firsts[i % Firsts.Length], Lasts[i / Firsts.Length % Lasts.Length],
            Companies[random.Next(Companies.Length)], Positions[random.Next(Positions.Length)],
            today.AddDays(-(random.Next(8) == 0 ? 1 + random.Next(170) : 200 + random.Next(12 * 365)))))];
    }

    public static string Csv(IEnumerable<Connection> people)
    {
        var csv = new StringBuilder("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n");
        csv.Append("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        var i = 0;
        foreach (var p in people)
            csv.Append(CultureInfo.InvariantCulture,
                $"{p.First},{p.Last},https://www.linkedin.com/in/{p.First.ToLowerInvariant()}-{p.Last.ToLowerInvariant()}-{i++:x4},,{p.Company},{p.Position},{p.ConnectedOn.ToString("dd MMM yyyy", CultureInfo.InvariantCulture)}\n");
        return csv.ToString();
    }
}
