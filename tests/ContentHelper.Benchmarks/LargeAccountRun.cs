using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Benchmarks;

/// <summary>
/// One large account against a running server on loopback (issue 26, item 4): imports a LinkedIn file of N rows whose
/// positions are as varied as a large real network's (tens of thousands of distinct roles, so tens of thousands of
/// interest phrases read from headlines), lets the background embedding settle (a suggestion, then the backlog drains;
/// again until a suggestion leaves nothing queued), then times suggestions one at a time, and a contact edit followed
/// by a suggestion, several times. Reports the client's latency and the server's index and match steps
/// (Server-Timing), answers other than 200, phrases left queued after each request, and the server's memory.
/// Usage: large-account --server http://127.0.0.1:5097 --contacts 50000 --requests 8 --edits 8 [--pid 123]
/// </summary>
internal static class LargeAccountRun
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var server = LoadRun.Arg(args, "--server") ?? "http://127.0.0.1:5097";
        var contacts = int.Parse(LoadRun.Arg(args, "--contacts") ?? "50000");
        var requests = int.Parse(LoadRun.Arg(args, "--requests") ?? "8");
        var edits = int.Parse(LoadRun.Arg(args, "--edits") ?? "8");
        var settleRounds = int.Parse(LoadRun.Arg(args, "--settle-rounds") ?? "30");
        var pid = int.Parse(LoadRun.Arg(args, "--pid") ?? "0");
        var uri = new Uri(server);
        if (!uri.IsLoopback) throw new ArgumentException("Load runs target this machine only (a loopback address).");

        using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(120) };
        var account = await (await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Large Account Run" })).Content.ReadFromJsonAsync<CreateAccountResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account!.Token);

        var file = Network(contacts);
        Console.WriteLine($"{contacts} LinkedIn rows ({file.Length / 1024 / 1024.0:F1} MB), {DistinctPhrases(file):N0} distinct interest phrases read from them; RSS idle {Rss(pid)} MB");
        var imported = Stopwatch.StartNew();
        using (var content = new ByteArrayContent(file))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            (await http.PostAsync("/api/contacts/import", content)).EnsureSuccessStatusCode();
        }
        Console.WriteLine($"imported in {imported.Elapsed.TotalSeconds:F1} s; RSS {Rss(pid)} MB, peak {Peak(pid)} MB");

        // The import queues the account's share of its phrases; each index build queues the next share. Settled once a
        // suggestion leaves nothing waiting: every phrase has its vector and nothing is queued again.
        var article = LoadRun.Article(150, 0);
        var settling = Stopwatch.StartNew();
        var settled = false;
        for (var round = 1; round <= settleRounds && !settled; round++)
        {
            await DrainAsync(http);
            var s = await Suggest(http, article);
            var left = await LoadRun.PendingAsync(http);
            Console.WriteLine($"  settling {round}: {(int)s.Status} in {s.Ms:F0} ms (index {s.Index:F0}, match {s.Match:F0}), {left} phrases queued after it; RSS {Rss(pid)} MB");
            settled = left == 0 && s.Status == HttpStatusCode.OK;
        }
        Console.WriteLine(settled ? $"settled after {settling.Elapsed.TotalSeconds:F0} s; RSS {Rss(pid)} MB" : $"NOT settled after {settleRounds} rounds ({settling.Elapsed.TotalSeconds:F0} s)");

        var repeated = new List<Sample>();
        for (var i = 0; i < requests; i++)
        {
            var s = await Suggest(http, article);
            s.Queued = await LoadRun.PendingAsync(http);
            repeated.Add(s);
        }
        Report($"suggestions one at a time, nothing changed ({contacts} contacts)", repeated);

        var ids = (await http.GetFromJsonAsync<JsonElement>("/api/contacts?pageSize=200", Json)).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToArray();
        var afterEdit = new List<Sample>();
        for (var i = 0; i < edits; i++)
        {
            // A tag (read as an implicit interest where the hint table knows it), as the mixed load does; every phrase of
            // the contact has its vector already.
            await EditAsync(http, ids[i * 7 % ids.Length], i);
            var s = await Suggest(http, article);
            s.Queued = await LoadRun.PendingAsync(http);
            afterEdit.Add(s);
            await DrainAsync(http);
        }
        Report("the first suggestion after one contact edit", afterEdit);
        Console.WriteLine($"RSS {Rss(pid)} MB, peak {Peak(pid)} MB");
        return 0;
    }

    sealed class Sample
    {
        public HttpStatusCode Status;
        public double Ms, Index, Match;
        public int Queued;
    }

    static async Task DrainAsync(HttpClient http)
    {
        for (var i = 0; i < 1200 && await LoadRun.PendingAsync(http) > 0; i++) await Task.Delay(500);
    }

    static async Task<Sample> Suggest(HttpClient http, string html)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/suggestions", new SuggestionsRequest { Url = "https://news.example.com/city/car-free-centre", Html = html });
        await response.Content.ReadAsByteArrayAsync();
        var sample = new Sample { Status = response.StatusCode, Ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds, Index = double.NaN, Match = double.NaN };
        if (response.Headers.TryGetValues("Server-Timing", out var timings))
            foreach (var entry in string.Join(",", timings).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(";dur=");
                if (parts.Length != 2 || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var ms)) continue;
                if (parts[0] == "index") sample.Index = ms;
                if (parts[0] == "match") sample.Match = ms;
            }
        return sample;
    }

    static async Task EditAsync(HttpClient http, Guid id, int n)
    {
        var contact = await http.GetFromJsonAsync<ContactResponse>($"/api/contacts/{id}", Json);
        var response = await http.PutAsJsonAsync($"/api/contacts/{id}", new ContactRequest
        {
            Name = contact!.Name, Email = contact.Email, Headline = contact.Headline, Company = contact.Company, LinkedInUrl = contact.LinkedInUrl,
            Interests = [.. contact.Interests], Tags = [.. contact.Tags, n % 2 == 0 ? "fintech" : $"edited {n}"],
            Version = contact.Version,
        }, Json);
        response.EnsureSuccessStatusCode();
    }

    static void Report(string label, List<Sample> samples)
    {
        static string Median(IEnumerable<double> values) => Percentile(values, 0.5);
        // Nearest rank: with a handful of samples, p99 is the slowest.
        static string Percentile(IEnumerable<double> values, double p)
        {
            var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
            return sorted.Length == 0 ? "–" : $"{sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]:F0}";
        }
        Console.WriteLine($"{label}: {samples.Count(s => s.Status == HttpStatusCode.OK)} of {samples.Count} answered 200"
            + (samples.Any(s => s.Status != HttpStatusCode.OK) ? $" ({string.Join(", ", samples.Where(s => s.Status != HttpStatusCode.OK).Select(s => (int)s.Status))})" : ""));
        Console.WriteLine($"  ms each: {string.Join(" ", samples.Select(s => $"{s.Ms:F0}"))}; p50 {Median(samples.Select(s => s.Ms))} ms, p99 {Percentile(samples.Select(s => s.Ms), 0.99)} ms, "
            + $"index step median {Median(samples.Select(s => s.Index))} ms (each: {string.Join(" ", samples.Select(s => $"{s.Index:F0}"))}), match step median {Median(samples.Select(s => s.Match))} ms");
        Console.WriteLine($"  phrases queued after each: {string.Join(" ", samples.Select(s => s.Queued))}");
    }

    /// <summary>
    /// A LinkedIn export as large networks have them: positions are free text, so most are worded once (a seniority, a
    /// field, a craft, sometimes a team), companies come from a long tail, a tenth of the rows have an email.
    /// </summary>
    internal static byte[] Network(int rows)
    {
        string[] levels = ["", "Senior", "Lead", "Principal", "Junior", "Head of", "Director of", "VP", "Chief", "Associate", "Staff", "Global", "Regional", "Interim"];
        string[] crafts = ["Engineer", "Analyst", "Manager", "Consultant", "Designer", "Researcher", "Advisor", "Strategist", "Specialist", "Editor", "Writer", "Producer", "Scientist", "Architect", "Coordinator", "Officer", "Partner", "Investor", "Economist", "Lawyer"];
        string[] teams = ["", "", "", "EMEA", "APAC", "Americas", "Payments", "Growth", "Platform", "Public Sector", "Retail Banking", "Sustainability", "Operations",
            "Partnerships", "Risk", "Compliance", "Brand", "Mobile", "Cloud", "Security", "Research", "Customer Success", "Strategy", "Innovation"];
        var fields = MatchingBench.Vocabulary();
        var random = new Random(50_000);
        var sb = new StringBuilder("Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\n");
        sb.Append("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n");
        for (var i = 0; i < rows; i++)
        {
            var level = levels[random.Next(levels.Length)];
            var field = System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(fields[random.Next(fields.Length)]);
            var team = teams[random.Next(teams.Length)];
            var position = level.StartsWith("Head") || level.StartsWith("Director")
                ? $"{level} {field}"
                : $"{level} {field} {crafts[random.Next(crafts.Length)]}".Trim();
            if (team.Length > 0) position += $", {team}";
            var company = $"Company {(int)(20_000 * Math.Pow(random.NextDouble(), 2))}";
            var email = i % 10 == 0 ? $"person{i}@example.com" : "";
            var date = new DateOnly(2012, 1, 1).AddDays(random.Next(4700));
            sb.Append($"Person{i},Surname{i % 997},https://www.linkedin.com/in/person-{i}-{i * 7919 % 100000:x},{email},{company},\"{position}\",{date:dd MMM yyyy}\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The distinct interest phrases the server will read from the file's headlines and companies (no typed interests).</summary>
    static int DistinctPhrases(byte[] file)
    {
        var implicitInterests = new ImplicitInterests(Options.Create(new ImportOptions()));
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(file).Split("\r\n").Skip(4).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var company = cells[4];
            var position = line[(line.IndexOf('"') + 1)..line.LastIndexOf('"')];
            foreach (var i in implicitInterests.For(new ImplicitInterests.Profile(position, company, [], null, [], [], [])))
                phrases.Add(ContentHelper.Api.Data.Phrases.Key(i.Interest));
        }
        return phrases.Count;
    }

    static long Rss(int pid) => Status(pid, "VmRSS:") / 1024;
    static long Peak(int pid) => Status(pid, "VmHWM:") / 1024;

    static long Status(int pid, string key)
    {
        if (pid == 0) return 0;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
