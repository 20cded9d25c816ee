using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Benchmarks;

/// <summary>
/// A load run of the popup's call against a running server on loopback: creates an account with N contacts
/// (interests drawn from a realistic vocabulary), waits until every interest phrase is embedded, then sends
/// suggestion requests one after another and reports latency percentiles — for a repeated article (cached
/// analysis) and for fresh ones (a different article body each time, so the model embeds every request).
/// Usage: load --server http://127.0.0.1:5099 --contacts 10000 --requests 200 --article-kb 150
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Arg(args, "--server") ?? "http://127.0.0.1:5099";
        var contacts = int.Parse(Arg(args, "--contacts") ?? "1000");
        var requests = int.Parse(Arg(args, "--requests") ?? "200");
        var articleKb = int.Parse(Arg(args, "--article-kb") ?? "150");
        var uri = new Uri(server);
        if (!uri.IsLoopback) throw new ArgumentException("Load runs target this machine only (a loopback address).");

        using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(60) };
        var account = await (await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Load Run" })).Content.ReadFromJsonAsync<CreateAccountResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account!.Token);

        var created = Stopwatch.StartNew();
        var vocabulary = MatchingBench.Vocabulary();
        var random = new Random(42);
        var people = Enumerable.Range(0, contacts).Select(i => new ContactRequest
        {
            Name = $"Contact {i:D5}",
            Email = $"contact{i}@example.com",
            Circle = (Circle)(i % 12),
            LastContactedAt = DateTime.UtcNow.AddDays(-random.Next(1, 700)),
            Interests = [.. Enumerable.Range(0, 1 + random.Next(5)).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))])],
        }).ToList();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (person, ct) =>
            (await http.PostAsJsonAsync("/api/contacts", person, ct)).EnsureSuccessStatusCode());
        Console.WriteLine($"created {contacts} contacts in {created.Elapsed.TotalSeconds:F1} s");

        // Embedding happens in the background; /health reports the backlog. Bounded: at most 10 minutes.
        var embedding = Stopwatch.StartNew();
        await Suggest(http, Article(articleKb, 0));
        for (var i = 0; i < 1200 && await PendingAsync(http) > 0; i++) await Task.Delay(500);
        Console.WriteLine($"all interest phrases embedded {embedding.Elapsed.TotalSeconds:F1} s after the first request");

        for (var i = 0; i < 5; i++) await Suggest(http, Article(articleKb, 0)); // warm-up
        Steps.Clear();
        var repeated = new List<double>();
        for (var i = 0; i < requests; i++) repeated.Add(await Suggest(http, Article(articleKb, 0)));
        var repeatedSteps = Medians();
        Steps.Clear();
        var fresh = new List<double>();
        for (var i = 1; i <= requests; i++) fresh.Add(await Suggest(http, Article(articleKb, i)));
        var freshSteps = Medians();

        var html = Article(articleKb, 0);
        Console.WriteLine($"article: {Encoding.UTF8.GetByteCount(html) / 1024} KB of HTML; {contacts} contacts; {requests} requests each, one at a time");
        Report("same article (analysis cached)", repeated);
        Console.WriteLine($"  server steps, median ms: {repeatedSteps}");
        Report("a new article each time", fresh);
        Console.WriteLine($"  server steps, median ms: {freshSteps}");
        return 0;
    }

    // The server's own account of each step (Server-Timing), gathered per step across a series.
    static readonly Dictionary<string, List<double>> Steps = [];

    static async Task<double> Suggest(HttpClient http, string html)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await http.PostAsJsonAsync("/api/suggestions", new SuggestionsRequest { Url = "https://news.example.com/city/car-free-centre", Html = html });
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.Headers.TryGetValues("Server-Timing", out var timings))
            foreach (var entry in string.Join(",", timings).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(";dur=");
                if (parts.Length == 2 && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var ms))
                    (Steps.TryGetValue(parts[0], out var list) ? list : Steps[parts[0]] = []).Add(ms);
            }
        return elapsed;
    }

    internal static async Task<int> PendingAsync(HttpClient http)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health"));
        var matching = health.RootElement.GetProperty("checks").GetProperty("matching").GetProperty("data");
        // A model still loading counts as one phrase waiting; a disabled one (Matching:UseEmbeddings=false) as none.
        return matching.GetProperty("pendingPhrases").GetInt32() + (matching.GetProperty("model").GetString() is "Ready" or "Disabled" ? 0 : 1);
    }

    /// <summary>A news page of about <paramref name="kb"/> KB as browsers send it: scripts, navigation, the article, related links and comments.</summary>
    internal static string Article(int kb, int variant)
    {
        var article = MatchingBench.Article;
        var page = new StringBuilder();
        page.Append($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{article.Title} | City News</title>")
            .Append("<meta property=\"og:site_name\" content=\"City News\"><link rel=\"canonical\" href=\"https://news.example.com/city/car-free-centre\">")
            .Append("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"").Append(article.Title).Append("\",\"author\":{\"name\":\"Jo Reporter\"}}</script></head><body>")
            .Append("<header><nav>").Append(string.Concat(Enumerable.Range(0, 60).Select(i => $"<a href=\"/section/{i}\">Section {i}</a> "))).Append("</nav></header><main><article>")
            .Append($"<h1>{article.Title}</h1><p class=\"byline\">By Jo Reporter</p>");
        foreach (var p in article.Text.Split("\n\n")) page.Append("<p>").Append(p).Append("</p>");
        if (variant > 0) page.Append($"<p>Update {variant}: the council published a revised timetable for consultation number {variant}.</p>");
        page.Append("</article><aside><h2>Related</h2><ul>");
        var filler = 0;
        while (page.Length < kb * 1024 * 0.6)
            page.Append($"<li><a href=\"/story/{filler}\">Related story number {filler++} about something else in the city</a></li>");
        page.Append("</ul></aside><section class=\"comments\">");
        while (page.Length < kb * 1024 * 0.9)
            page.Append($"<div class=\"comment\"><p>Reader {filler++}: I have lived here twenty years and I think this is the right call, mostly.</p></div>");
        page.Append("</section></main><script>");
        while (page.Length < kb * 1024) page.Append("window.dataLayer=window.dataLayer||[];dataLayer.push({event:'view'});");
        return page.Append("</script></body></html>").ToString();
    }

    static string Medians() => string.Join(", ", Steps.Select(s => $"{s.Key} {s.Value.Order().ElementAt(s.Value.Count / 2):F1}"));

    internal static void Report(string label, List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        Console.WriteLine($"{label}: p50 {P(50):F1} ms, p90 {P(90):F1} ms, p99 {P(99):F1} ms, max {sorted[^1]:F1} ms");
    }

    internal static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
