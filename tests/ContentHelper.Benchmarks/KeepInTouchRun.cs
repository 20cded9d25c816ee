using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Benchmarks;

/// <summary>
/// The keep-in-touch routes against a running server on loopback, at the size the issue names: an account that
/// imported a 10,000-row LinkedIn file (positions, no interests: everyone is matched on implicit interests) and
/// saved 500 articles to its reading list. Waits until every phrase is embedded, then times
/// <c>GET /api/keep-in-touch</c> and <c>GET /api/contacts/{id}/ideas</c> one request at a time and reports percentiles.
/// Usage: keep-in-touch --server http://127.0.0.1:5099 --contacts 10000 --articles 500 --requests 200
/// </summary>
internal static class KeepInTouchRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = LoadRun.Arg(args, "--server") ?? "http://127.0.0.1:5099";
        var contacts = int.Parse(LoadRun.Arg(args, "--contacts") ?? "10000");
        var articles = int.Parse(LoadRun.Arg(args, "--articles") ?? "500");
        var requests = int.Parse(LoadRun.Arg(args, "--requests") ?? "200");
        var uri = new Uri(server);
        if (!uri.IsLoopback) throw new ArgumentException("Load runs target this machine only (a loopback address).");

        using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(120) };
        // --token: time an account seeded by an earlier run (seeding takes minutes on two cores).
        if (LoadRun.Arg(args, "--token") is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await TimeAsync(http, contacts, articles, requests);
        }
        var account = await (await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Keep In Touch Run" })).Content.ReadFromJsonAsync<CreateAccountResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account!.Token);
        Console.WriteLine($"account token {account.Token} (to time this account again: --token)");

        var imported = Stopwatch.StartNew();
        using (var file = new ByteArrayContent(ImportBenchmarks.LinkedInFile(contacts)))
        {
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            (await http.PostAsync("/api/contacts/import", file)).EnsureSuccessStatusCode();
        }
        Console.WriteLine($"imported {contacts} LinkedIn rows in {imported.Elapsed.TotalSeconds:F1} s");

        var saved = Stopwatch.StartNew();
        for (var i = 0; i < articles; i++)
            (await http.PostAsJsonAsync("/api/articles/reading-list", new ParseArticleRequest { Url = $"https://news.example.com/story/{i}", Html = Article(i) })).EnsureSuccessStatusCode();
        Console.WriteLine($"saved {articles} articles to the reading list in {saved.Elapsed.TotalSeconds:F1} s");

        // Implicit interests are embedded in the background on the first request that needs them. Bounded: 10 minutes.
        await http.GetAsync("/api/keep-in-touch");
        for (var i = 0; i < 1200 && await LoadRun.PendingAsync(http) > 0; i++) await Task.Delay(500);

        return await TimeAsync(http, contacts, articles, requests);
    }

    static async Task<int> TimeAsync(HttpClient http, int contacts, int articles, int requests)
    {
        // Read as JSON, not as the contract: the server writes enums as strings.
        var first = await http.GetFromJsonAsync<JsonElement>("/api/keep-in-touch", JsonSerializerOptions.Web);
        Console.WriteLine($"{first.GetProperty("due").GetInt32()} due, {first.GetProperty("contacts").GetArrayLength()} listed, "
            + $"{first.GetProperty("withIdeas").GetInt32()} with an idea");
        for (var i = 0; i < 5; i++) await Time(http, "/api/keep-in-touch"); // warm-up
        var page = new List<double>();
        for (var i = 0; i < requests; i++) page.Add(await Time(http, "/api/keep-in-touch"));
        LoadRun.Report($"GET /api/keep-in-touch ({contacts} contacts, {articles} articles)", page);

        var ids = (await http.GetFromJsonAsync<JsonElement>("/api/contacts?pageSize=200&sort=overdue", JsonSerializerOptions.Web))
            .GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();
        var ideas = new List<double>();
        for (var i = 0; i < requests; i++) ideas.Add(await Time(http, $"/api/contacts/{ids[i % ids.Length]}/ideas"));
        LoadRun.Report("GET /api/contacts/{id}/ideas", ideas);
        return 0;
    }

    static async Task<double> Time(HttpClient http, string route)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(route);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    static readonly string[] Beats =
    [
        "hiring", "recruiting", "software engineering", "venture capital", "startups", "product management", "sales",
        "climate", "energy", "finance", "design", "data science", "machine learning", "cybersecurity", "healthcare",
    ];

    /// <summary>A short news page about two of the network's fields, different for every <paramref name="i"/>.</summary>
    static string Article(int i)
    {
        var (a, b) = (Beats[i % Beats.Length], Beats[(i * 7 + 3) % Beats.Length]);
        var page = new StringBuilder($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>What {a} teams learned this year, part {i}</title>");
        page.Append("<meta property=\"og:site_name\" content=\"Work Weekly\"></head><body><main><article>")
            .Append($"<h1>What {a} teams learned this year, part {i}</h1>")
            .Append($"<p>Leaders in {a} say the past year changed how their teams work, and that {b} now shapes most of their plans for story {i}.</p>")
            .Append($"<p>In interviews with {20 + i % 50} companies, people working on {a} described budgets moving towards {b}, and new roles that did not exist two years ago.</p>")
            .Append($"<p>Several said the hardest part of {a} is keeping good people, and that the firms doing well in {b} share what they learn in the open.</p>")
            .Append($"<p>Analysts expect {a} and {b} to stay close next year, with more of the work done by small teams that move quickly.</p>")
            .Append("</article></main></body></html>");
        return page.ToString();
    }
}
