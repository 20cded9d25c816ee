using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Benchmarks;

/// <summary>
/// A mixed load (or soak) run against one or more running instances on loopback: an account with N contacts, then
/// for a fixed time requests at a steady rate, spread round-robin over the instances: suggestions for real-sized
/// pages (half a page seen before, half a new one), contact edits (read, change a tag, write back with the version
/// read; a 409 is re-read and retried, as the extension does) and shares. Reports throughput, p50/p99 per kind, the
/// error responses (any 5xx, or a 4xx other than a retried 409), per-minute p99 and the servers' memory.
/// With --accounts N, N accounts of that many contacts each take the requests in turn. With --pages long, every
/// suggestion is for a page of its own (its own URL, 15,000-60,000 characters of text made from the seed), so the
/// article cache and the reading lists grow as far as their bounds let them.
/// Usage: mixed --servers http://127.0.0.1:5101,http://127.0.0.1:5102 --pids 123,456 --contacts 10000 --seconds 60 --rate 20 [--accounts 16] [--pages long]
/// </summary>
internal static class MixedRun
{
    static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var servers = (Arg(args, "--servers") ?? "http://127.0.0.1:5099").Split(',').Select(s => new Uri(s)).ToArray();
        if (servers.Any(s => !s.IsLoopback)) throw new ArgumentException("Load runs target this machine only (loopback addresses).");
        var pids = (Arg(args, "--pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var contacts = int.Parse(Arg(args, "--contacts") ?? "1000");
        var seconds = int.Parse(Arg(args, "--seconds") ?? "60");
        var rate = double.Parse(Arg(args, "--rate") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        var articleKb = int.Parse(Arg(args, "--article-kb") ?? "150");
        var longPages = Arg(args, "--pages") == "long";

        var accounts = int.Parse(Arg(args, "--accounts") ?? "1");
        // Per account, a client per instance signed in as it.
        var clients = new HttpClient[accounts][];
        var contactIds = new Guid[accounts][];
        var setup = Stopwatch.StartNew();
        var vocabulary = MatchingBench.Vocabulary();
        for (var a = 0; a < accounts; a++)
        {
            clients[a] = [.. servers.Select(s => new HttpClient { BaseAddress = s, Timeout = TimeSpan.FromSeconds(60) })];
            var account = await (await clients[a][0].PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = $"Mixed Run {a}" })).Content.ReadFromJsonAsync<CreateAccountResponse>();
            foreach (var client in clients[a]) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account!.Token);
            var random = new Random(42 + a);
            var people = Enumerable.Range(0, contacts).Select(i => new ContactRequest
            {
                Name = $"Contact {i:D5}", Email = $"contact{i}@example.com", Circle = (Circle)(i % 12),
                LastContactedAt = DateTime.UtcNow.AddDays(-random.Next(1, 700)),
                Interests = [.. Enumerable.Range(0, 1 + random.Next(5)).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))])],
            }).ToList();
            var ids = new ConcurrentBag<Guid>();
            var mine = clients[a];
            await Parallel.ForEachAsync(people.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
            {
                var response = await mine[item.i % mine.Length].PostAsJsonAsync("/api/contacts", item.p, Json, ct);
                response.EnsureSuccessStatusCode();
                ids.Add((await response.Content.ReadFromJsonAsync<ContactResponse>(Json, ct))!.Id);
            });
            contactIds[a] = [.. ids];
        }
        Console.WriteLine($"created {accounts} account(s) of {contacts} contacts in {setup.Elapsed.TotalSeconds:F1} s");
        for (var i = 0; i < 1200 && await LoadRun.PendingAsync(clients[0][0]) > 0; i++) await Task.Delay(500);
        var pages = Enumerable.Range(0, 64).Select(v => LoadRun.Article(articleKb, v)).ToArray();
        foreach (var client in clients.SelectMany(c => c)) for (var i = 0; i < 5; i++) await Suggest(client, pages[0], PageUrl); // warm-up
        Console.WriteLine($"ready after {setup.Elapsed.TotalSeconds:F1} s; {servers.Length} instance(s), {rate} requests/s for {seconds} s"
            + (longPages ? "; every suggestion a long page of its own" : ""));

        var samples = new ConcurrentBag<(string Kind, double At, double Ms)>();
        var errors = new ConcurrentBag<string>();
        var conflicts = 0;
        var rss = new List<(double At, long[] Kb)>();
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        var next = 0;
        var sampler = Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                lock (rss) rss.Add((clock.Elapsed.TotalSeconds, pids.Select(Rss).ToArray()));
                await Task.Delay(5000);
            }
        });
        // Open loop: one request every 1/rate s whatever the answers, so slow answers show as latency, not as less load.
        for (var n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
        {
            var due = TimeSpan.FromSeconds(n / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var who = n % accounts;
            var client = clients[who][next++ % servers.Length];
            var roll = n % 10;
            var seed = n;
            inFlight.Add(Task.Run(async () =>
            {
                var started = clock.Elapsed.TotalSeconds;
                var watch = Stopwatch.StartNew();
                try
                {
                    string kind;
                    if (roll < 6)
                    {
                        // Half the pages were seen before (cached analysis), half are new to this run; or each one new and long.
                        kind = "suggestions";
                        var status = longPages ? await Suggest(client, LongPage(seed), $"https://news.example.com/long/{seed}")
                            : await Suggest(client, seed % 2 == 0 ? pages[seed % 8] : LoadRun.Article(articleKb, 1000 + seed), PageUrl);
                        if (status != HttpStatusCode.OK)
                        {
                            // A shed request (503) is an error, not a fast answer: it stays out of the latencies.
                            errors.Add($"suggestions {(int)status}");
                            return;
                        }
                    }
                    else if (roll < 9)
                    {
                        kind = "contact edit";
                        if (await EditContact(client, contactIds[who][new Random(seed).Next(contactIds[who].Length)], seed, errors) is not { } retried) return;
                        Interlocked.Add(ref conflicts, retried);
                    }
                    else
                    {
                        kind = "share";
                        var response = await client.PostAsJsonAsync("/api/shares", new CreateShareRequest
                        {
                            ContactIds = [contactIds[who][new Random(seed).Next(contactIds[who].Length)]], Url = $"https://news.example.com/story/{seed}",
                            Title = "A story", Action = ShareAction.Send, Channel = Channel.Email, Message = "Thought of you.", IdempotencyKey = $"mixed-{seed:D8}",
                        }, Json);
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            errors.Add($"share {(int)response.StatusCode}");
                            return;
                        }
                    }
                    samples.Add((kind, started, watch.Elapsed.TotalMilliseconds));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Add(e.GetType().Name);
                }
            }));
        }
        await Task.WhenAll(inFlight);
        await sampler;
        var elapsed = clock.Elapsed.TotalSeconds;

        var all = samples.ToArray();
        Console.WriteLine($"{all.Length} answered in {elapsed:F0} s: {all.Length / elapsed:F1} requests/s ({all.Count(s => s.Kind == "suggestions") / elapsed:F1} suggestions/s); error responses {errors.Count}{(errors.IsEmpty ? "" : " (" + string.Join(", ", errors.GroupBy(e => e).Select(g => $"{g.Key} × {g.Count()}")) + ")")}; 409s re-read and retried {conflicts}");
        foreach (var kind in all.GroupBy(s => s.Kind).OrderBy(g => g.Key))
            Console.WriteLine($"  {kind.Key,-13} {kind.Count(),6}  p50 {P(kind.Select(s => s.Ms), 50),7:F1} ms  p99 {P(kind.Select(s => s.Ms), 99),7:F1} ms  max {kind.Max(s => s.Ms),7:F1} ms");
        Console.WriteLine("  per minute (all kinds): " + string.Join("; ", all.GroupBy(s => (int)(s.At / 60)).OrderBy(g => g.Key)
            .Select(g => $"min {g.Key + 1}: p50 {P(g.Select(s => s.Ms), 50):F0} / p99 {P(g.Select(s => s.Ms), 99):F0} ms")));
        if (pids.Length > 0)
        {
            Console.WriteLine("  RSS MB per instance, every 5 s: " + string.Join(" ", rss.Where((_, i) => i % 6 == 0).Select(r => $"[{r.At:F0}s {string.Join("/", r.Kb.Select(k => k / 1024))}]")));
            Console.WriteLine("  peak RSS MB (VmHWM): " + string.Join(", ", pids.Select(p => $"{Peak(p) / 1024}")));
        }
        return errors.IsEmpty ? 0 : 1;
    }

    const string PageUrl = "https://news.example.com/city/car-free-centre";

    static async Task<HttpStatusCode> Suggest(HttpClient client, string html, string url)
    {
        var response = await client.PostAsJsonAsync("/api/suggestions", new SuggestionsRequest { Url = url, Html = html });
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    static readonly string[] Subjects = MatchingBench.Vocabulary();
    static readonly string[] Verbs = ["is changing", "worries", "divides", "was debated by", "is funded by", "draws criticism from", "surprised", "was welcomed by", "reshapes", "is studied by"];
    static readonly string[] Who = ["the council", "researchers", "small firms", "parents", "regulators", "investors", "campaigners", "nurses", "farmers", "students", "the minister", "local residents"];
    static readonly string[] Places = ["Leeds", "Lyon", "Porto", "Gdansk", "Austin", "Osaka", "Nairobi", "Lima", "Adelaide", "Bergen", "Tallinn", "Valencia"];

    /// <summary>
    /// A long page of its own for <paramref name="seed"/>: a title and 15,000-60,000 characters of sentences about
    /// subjects of the interest vocabulary, people and places, each drawn from the seed (the same seed, the same page).
    /// </summary>
    static string LongPage(int seed)
    {
        var random = new Random(seed);
        string Pick(string[] from) => from[random.Next(from.Length)];
        var length = 15_000 + random.Next(45_001);
        var title = $"How {Pick(Subjects)} {Pick(Verbs)} {Pick(Who)} in {Pick(Places)}";
        var page = new System.Text.StringBuilder();
        page.Append($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | City News</title>")
            .Append($"<link rel=\"canonical\" href=\"https://news.example.com/long/{seed}\"></head><body><main><article><h1>{title}</h1>")
            .Append("<p class=\"byline\">By Jo Reporter</p>");
        var text = 0;
        while (text < length)
        {
            var paragraph = string.Join(" ", Enumerable.Range(0, 3 + random.Next(5)).Select(_ =>
            {
                var subject = Pick(Subjects);
                return $"{char.ToUpperInvariant(subject[0])}{subject[1..]} {Pick(Verbs)} {Pick(Who)} in {Pick(Places)}, " +
                    $"where {1 + random.Next(90)} in a hundred said {Pick(Subjects)} mattered more than {Pick(Subjects)} in {2000 + random.Next(26)}.";
            }));
            page.Append("<p>").Append(paragraph).Append("</p>");
            text += paragraph.Length;
        }
        return page.Append("</article></main></body></html>").ToString();
    }

    /// <summary>
    /// Read, add a tag, write back with the version read; a 409 means another write came first: read again. The 409s
    /// retried, or null when the edit failed.
    /// </summary>
    static async Task<int?> EditContact(HttpClient client, Guid id, int seed, ConcurrentBag<string> errors)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var contact = await client.GetFromJsonAsync<ContactResponse>($"/api/contacts/{id}", Json);
            var response = await client.PutAsJsonAsync($"/api/contacts/{id}", new ContactRequest
            {
                Name = contact!.Name, Email = contact.Email, Circle = contact.Circle, Interests = [.. contact.Interests],
                Tags = [.. contact.Tags.TakeLast(3), $"t{seed % 50}"], LastContactedAt = contact.LastContactedAt, Version = contact.Version,
            }, Json);
            if (response.StatusCode == HttpStatusCode.OK) return attempt;
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                errors.Add($"contact edit {(int)response.StatusCode}");
                return null;
            }
        }
        errors.Add("contact edit: 10 conflicts in a row");
        return null;
    }

    static long Rss(int pid) => Status(pid, "VmRSS:");
    static long Peak(int pid) => Status(pid, "VmHWM:");

    static long Status(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }

    static double P(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
