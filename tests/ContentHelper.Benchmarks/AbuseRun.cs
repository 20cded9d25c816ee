using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Benchmarks;

/// <summary>
/// The probe's worst case for suggestions, against a running server on loopback: an account with N contacts, a page
/// that is nothing but their interest keywords (as large as the body limit allows), limit 50 — first one request
/// alone, then P at once while /health is asked every half second. Reports each request's time, status and the
/// server's steps, and how often /health took longer than 2 s.
/// Usage: abuse --server http://127.0.0.1:5098 --contacts 5000 --mb 8 --parallel 8
/// </summary>
internal static class AbuseRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = new Uri(Arg(args, "--server") ?? "http://127.0.0.1:5098");
        var contacts = int.Parse(Arg(args, "--contacts") ?? "5000");
        var mb = double.Parse(Arg(args, "--mb") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
        var parallel = int.Parse(Arg(args, "--parallel") ?? "8");
        if (!server.IsLoopback) throw new ArgumentException("Abuse runs target this machine only (a loopback address).");

        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(3) };
        var account = await (await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Abuse Run" })).Content.ReadFromJsonAsync<CreateAccountResponse>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account!.Token);

        var vocabulary = MatchingBench.Vocabulary();
        var random = new Random(7);
        var people = Enumerable.Range(0, contacts).Select(i => new ContactRequest
        {
            Name = $"Contact {i:D5}",
            Circle = (Circle)(i % 12),
            Interests = [.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => vocabulary[random.Next(vocabulary.Length)])],
        }).ToList();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (person, ct) =>
            (await http.PostAsJsonAsync("/api/contacts", person, ct)).EnsureSuccessStatusCode());

        var html = KeywordPage(vocabulary, (int)(mb * 1024 * 1024) - 64 * 1024);
        Console.WriteLine($"{contacts} contacts; a page of {Encoding.UTF8.GetByteCount(html) / 1024.0 / 1024:F1} MB of keywords; limit 50");

        var alone = await Suggest(http, html);
        Console.WriteLine($"alone: {alone}");

        using var stop = new CancellationTokenSource();
        var probes = Probe(server, stop.Token);
        var started = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Suggest(http, html)));
        await stop.CancelAsync();
        var health = await probes;
        Console.WriteLine($"{parallel} at once, all done after {started.Elapsed.TotalSeconds:F1} s:");
        foreach (var r in results.OrderBy(r => r.Seconds)) Console.WriteLine($"  {r}");
        Console.WriteLine($"worst request: {results.Append(alone).Max(r => r.Seconds):F1} s");
        Console.WriteLine($"/health while they ran: {health.Count} probes, {health.Count(h => h > 2)} over 2 s, " +
            $"median {Median(health):F2} s, worst {health.DefaultIfEmpty(0).Max():F2} s");
        return 0;
    }

    sealed record Result(int Status, double Seconds, int Suggestions, string Steps)
    {
        public override string ToString() => $"{Status} in {Seconds:F1} s, {Suggestions} suggestions [{Steps}]";
    }

    static async Task<Result> Suggest(HttpClient http, string html)
    {
        var started = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("/api/suggestions", new SuggestionsRequest { Url = "https://keywords.example.com/all", Html = html, Limit = 50 });
        var body = await response.Content.ReadAsStringAsync();
        var steps = response.Headers.TryGetValues("Server-Timing", out var t) ? string.Join(", ", t) : "";
        var count = response.IsSuccessStatusCode && System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("suggestions", out var list)
            ? list.GetArrayLength()
            : 0;
        return new Result((int)response.StatusCode, started.Elapsed.TotalSeconds, count, steps.Length > 0 ? steps : body[..Math.Min(body.Length, 120)]);
    }

    /// <summary>GET /health every 500 ms until stopped (each with its own 10 s timeout); the seconds each took.</summary>
    static async Task<List<double>> Probe(Uri server, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
        var times = new List<double>();
        for (var i = 0; i < 2400 && !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.StartNew();
            try { (await http.GetAsync("/health", CancellationToken.None)).EnsureSuccessStatusCode(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            times.Add(started.Elapsed.TotalSeconds);
            try { await Task.Delay(500, stop); } catch (TaskCanceledException) { }
        }
        return times;
    }

    /// <summary>An article whose body is the contacts' interest phrases over and over, in paragraphs of sentences.</summary>
    static string KeywordPage(string[] vocabulary, int bytes)
    {
        var page = new StringBuilder("<!doctype html><html lang=\"en\"><head><title>Everything you care about</title></head><body><article><h1>Everything you care about</h1>");
        var random = new Random(11);
        while (page.Length < bytes)
        {
            page.Append("<p>");
            for (var s = 0; s < 8; s++)
                page.Append(string.Join(' ', Enumerable.Range(0, 12).Select(_ => vocabulary[random.Next(vocabulary.Length)]))).Append(". ");
            page.Append("</p>");
        }
        return page.Append("</article></body></html>").ToString();
    }

    static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
