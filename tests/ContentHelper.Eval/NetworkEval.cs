using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using ContentHelper.Shared.Shares;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Eval;

/// <summary>
/// Judges the whole list of suggestions the way a person does, on a graded network: a set of contacts and pages,
/// each page × contact graded 0 (would not send), 1 (plausible) or 2 (would definitely send). Every page goes
/// through the real app's <c>POST /api/suggestions</c>, as the popup sends it, for an account holding the network;
/// the answer (as many people as the popup shows) is scored: first suggestion a 2, a 2 among the first three,
/// the share of everyone suggested graded 0, and silence on the pages that fit nobody. Plain cosine (each interest
/// or headline as typed against headline + first 200 words) ranks the same pages beside it.
/// </summary>
internal static class NetworkEval
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    internal sealed record NetworkContact(string Key, string Name, string[]? Interests, string? Headline, string? Company);
    private sealed record NetworkFile(List<NetworkContact> Contacts);
    internal sealed record GradedPage(string Slug, string Title, Dictionary<string, int> Grades, string[] Best);
    private sealed record LabelsFile(List<GradedPage> Pages);
    private sealed record TextPage(string Slug, string Url, string Title, string Text);

    /// <summary>One page as sent and as answered: the keys suggested, in order, and the time the call took.</summary>
    internal sealed record Answer(GradedPage Page, string[] Suggested, string? NoMatchReason, double Milliseconds, string[] Reasons);

    public static async Task<int> RunAsync(string[] args)
    {
        var sets = new List<string>();
        string? readability = null, outFile = null;
        var settings = new Dictionary<string, string?>();
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--network": sets.Add(args[++i]); break;
                case "--readability": readability = args[++i]; break;
                case "--config": var kv = args[++i].Split('=', 2); settings[kv[0]] = kv[1]; break;
                case "--out": outFile = args[++i]; break;
                case "--verbose": verbose = true; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (sets.Count == 0)
        {
            Console.Error.WriteLine("network --network <set-dir> [--network <set-dir>…] [--readability <readability-corpus-dir>] [--config Key=Value] [--out report.json] [--verbose]");
            return 2;
        }

        using var embedder = new TextEmbedder(Options.Create(new MatchingOptions()), NullLogger<TextEmbedder>.Instance);
        await embedder.StartLoading();
        Console.WriteLine($"{Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");
        var report = new Dictionary<string, object>();
        foreach (var dir in sets)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
            var (network, labels, pages) = Load(dir, readability);
            Console.WriteLine();
            Console.WriteLine($"== {name}: {labels.Count} pages, {network.Count} contacts ==");

            var answers = await SuggestAsync(network, pages, labels, settings);
            var product = Score(answers);
            Print("ContentHelper", product);
            var cosine = Score(await CosineAsync(embedder, network, pages, labels));
            Print("plain cosine (top 5)", cosine);
            Breakdown(network, answers);
            if (verbose) Details(network, answers);
            report[name] = new { product, cosine, answers = answers.Select(a => new { a.Page.Slug, a.Suggested, a.NoMatchReason, a.Reasons }) };
        }
        if (outFile is not null) await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(report, new JsonSerializerOptions(Json) { WriteIndented = true }));
        return 0;
    }

    /// <summary>A graded set: its contacts, its graded pages in order, and each page's address and HTML.</summary>
    internal static (List<NetworkContact> Contacts, List<GradedPage> Labels, Dictionary<string, (string Url, string Html)> Pages) Load(string dir, string? readability)
    {
        var network = JsonSerializer.Deserialize<NetworkFile>(File.ReadAllText(Path.Combine(dir, "network.json")), Json)!.Contacts;
        var labels = JsonSerializer.Deserialize<LabelsFile>(File.ReadAllText(Path.Combine(dir, "labels.json")), Json)!.Pages;
        return (network, labels, Pages(dir, readability, labels));
    }

    /// <summary>Each page's HTML and the URL it is sent with: a text set's pages.json, or readability's saved pages.</summary>
    private static Dictionary<string, (string Url, string Html)> Pages(string dir, string? readability, List<GradedPage> labels)
    {
        var textPages = Path.Combine(dir, "pages.json");
        if (File.Exists(textPages))
            return JsonSerializer.Deserialize<List<TextPage>>(File.ReadAllText(textPages), Json)!.ToDictionary(
                p => p.Slug,
                p => (p.Url, EvalCorpora.WrapAsHtml(p.Title, EvalCorpora.Paragraphs(p.Text).ToList())));
        if (readability is null) throw new ArgumentException($"{dir} has no pages.json: give --readability <corpus-dir> for its pages.");
        // The readability pages were saved as this address (its README).
        return labels.ToDictionary(l => l.Slug, l => ("http://fakehost/test/page.html", File.ReadAllText(Path.Combine(readability, l.Slug, "source.html"))));
    }

    /// <summary>The real app, one account holding the network, every page through POST /api/suggestions.</summary>
    private static async Task<List<Answer>> SuggestAsync(List<NetworkContact> network, Dictionary<string, (string Url, string Html)> pages,
        List<GradedPage> labels, Dictionary<string, string?> settings)
    {
        await using var session = await EvalSession.StartAsync(network, settings);
        var answers = new List<Answer>();
        foreach (var page in labels)
        {
            var (url, html) = pages[page.Slug];
            answers.Add(await session.SuggestAsync(page, url, html));
        }
        return answers;
    }

    /// <summary>
    /// The real app in process on a private in-memory SQLite database, with one account holding a network, a clock the
    /// evaluation moves, and the calls a user makes: ask for suggestions, share, say "not for them".
    /// </summary>
    internal sealed class EvalSession : IAsyncDisposable
    {
        readonly SqliteConnection keepAlive;
        readonly WebApplicationFactory<ArticleParser> app;
        readonly HttpClient client;
        public Dictionary<Guid, string> KeyOf { get; } = [];
        public Dictionary<string, Guid> IdOf { get; } = [];
        public EvalClock Clock { get; }

        EvalSession(SqliteConnection keepAlive, WebApplicationFactory<ArticleParser> app, HttpClient client, EvalClock clock) =>
            (this.keepAlive, this.app, this.client, Clock) = (keepAlive, app, client, clock);

        public static async Task<EvalSession> StartAsync(List<NetworkContact> network, Dictionary<string, string?> settings)
        {
            var keepAlive = new SqliteConnection($"Data Source=file:eval-{Guid.NewGuid():N}?mode=memory&cache=shared");
            keepAlive.Open();
            var all = new Dictionary<string, string?>
            {
                ["ConnectionStrings:ContentHelper"] = keepAlive.ConnectionString,
                ["Storage:Provider"] = "Sqlite",
                ["Suggestions:TimeBudget"] = "00:01:00",
                ["Articles:TimeBudget"] = "00:00:30",
                ["Limits:TokenRequestsPerMinute"] = "0",
                ["Limits:TokenExpensiveRequestsPerMinute"] = "0",
                ["Limits:AccountRequestsPerMinute"] = "0",
                ["Limits:AccountExpensiveRequestsPerMinute"] = "0",
                // Pages are judged one by one; remembering them would only fill the reading list (the learning run turns it on).
                ["ReadingList:RememberRead"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (k, v) in settings) all[k] = v;
            var clock = new EvalClock();
            // Run from anywhere, not only inside the repository: the app's files are beside this tool's.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTENTHELPER_API", AppContext.BaseDirectory);
            var app = new WebApplicationFactory<ArticleParser>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Testing");
                foreach (var (k, v) in all) b.UseSetting(k, v);
                b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
            });
            var anonymous = app.CreateClient();
            var created = await (await anonymous.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Eval" }, Json)).Content.ReadFromJsonAsync<CreateAccountResponse>(Json);
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Token);
            var session = new EvalSession(keepAlive, app, client, clock);
            foreach (var c in network)
            {
                var response = await client.PostAsJsonAsync("/api/contacts", new ContactRequest
                {
                    Name = c.Name, Interests = c.Interests?.ToList(), Headline = c.Headline, Company = c.Company,
                }, Json);
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<ContactResponse>(Json))!.Id;
                session.KeyOf[id] = c.Key;
                session.IdOf[c.Key] = id;
            }
            // The interests are embedded in the background after the contacts are written; score only once all have vectors.
            await app.Services.GetRequiredService<InterestIndexes>().WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(2));
            return session;
        }

        public async Task<Answer> SuggestAsync(GradedPage page, string url, string html)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await client.PostAsJsonAsync("/api/suggestions", new SuggestionsRequest { Url = url, Html = html }, Json);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{page.Slug}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var body = (await response.Content.ReadFromJsonAsync<SuggestionsResponse>(Json))!;
            return new Answer(page, [.. body.Suggestions.Select(s => KeyOf[s.Contact.Id])], body.NoMatchReason, ms,
                [.. body.Suggestions.Select(s => string.Join(" | ", s.Reasons.Select(r => $"{r.Interest} ({r.Source}) ← {r.Evidence} «{r.Sentence}»")))]);
        }

        public async Task ShareAsync(IEnumerable<string> keys, string url, string title)
        {
            var ids = keys.Select(k => IdOf[k]).ToList();
            if (ids.Count == 0) return;
            var response = await client.PostAsJsonAsync("/api/shares", new CreateShareRequest
            {
                ContactIds = ids, Url = url, Title = title, Action = ShareAction.Send, Channel = Channel.Email,
                Message = "Saw this and thought of you.", IdempotencyKey = Guid.NewGuid().ToString("N"),
            }, Json);
            response.EnsureSuccessStatusCode();
        }

        public async Task NotForThemAsync(string key, string url)
        {
            var response = await client.PostAsJsonAsync("/api/suggestions/dismiss", new DismissRequest { ContactId = IdOf[key], Url = url, NotForThem = true }, Json);
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            keepAlive.Dispose();
        }
    }

    /// <summary>A clock the evaluation moves (a share's cooldown and the monthly cap pass when it says so).</summary>
    internal sealed class EvalClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Plain cosine of each interest (or the headline, for a contact with none) as typed with headline + first 200 words; a contact takes its best phrase; the top five answer.</summary>
    private static async Task<List<Answer>> CosineAsync(TextEmbedder embedder, List<NetworkContact> network, Dictionary<string, (string Url, string Html)> pages, List<GradedPage> labels)
    {
        var parser = new ArticleParser();
        var phrases = network.Select(c => c.Interests is { Length: > 0 } i ? i : [c.Headline ?? c.Name]).ToList();
        var flat = phrases.SelectMany(p => p).Distinct().ToList();
        var vectors = embedder.Embed(flat, 256);
        var answers = new List<Answer>();
        foreach (var page in labels)
        {
            var (url, html) = pages[page.Slug];
            var article = await parser.ParseAsync(html, url, CancellationToken.None);
            var words = article.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(200);
            var doc = embedder.Embed([$"{article.Title}. {string.Join(' ', words)}"], 256);
            var scores = phrases.Select(ps => ps.Max(p => TensorPrimitives.Dot(doc.AsSpan(), vectors.AsSpan(flat.IndexOf(p) * TextEmbedder.Dimensions, TextEmbedder.Dimensions)))).ToArray();
            var top = Enumerable.Range(0, network.Count).OrderByDescending(i => scores[i]).Take(5).Select(i => network[i].Key).ToArray();
            answers.Add(new Answer(page, top, null, 0, []));
        }
        return answers;
    }

    internal sealed record Scores(int WithTwo, int FirstRight, int FirstThree, int Suggested, int Wrong, int Nobody, int QuietOnNobody,
        int WithAny, int FirstAcceptable, double Mrr, double P50, double P90)
    {
        public double First => Ratio(FirstRight, WithTwo);
        public double Three => Ratio(FirstThree, WithTwo);
        public double WrongShare => Ratio(Wrong, Suggested);
        public double Quiet => Ratio(QuietOnNobody, Nobody);
    }

    internal static Scores Score(IReadOnlyList<Answer> answers)
    {
        int withTwo = 0, first = 0, three = 0, suggested = 0, wrong = 0, nobody = 0, quiet = 0, withAny = 0, acceptable = 0;
        double mrr = 0;
        foreach (var a in answers)
        {
            var g = a.Page.Grades;
            var grades = a.Suggested.Select(k => g.GetValueOrDefault(k)).ToArray();
            suggested += grades.Length;
            wrong += grades.Count(x => x == 0);
            if (g.Values.Any(x => x == 2))
            {
                withTwo++;
                if (grades.Length > 0 && grades[0] == 2) first++;
                if (grades.Take(3).Any(x => x == 2)) three++;
                var rank = Array.IndexOf(grades, 2);
                if (rank >= 0) mrr += 1.0 / (rank + 1);
            }
            if (g.Values.Any(x => x > 0))
            {
                withAny++;
                if (grades.Length > 0 && grades[0] > 0) acceptable++;
            }
            else
            {
                nobody++;
                if (grades.Length == 0) quiet++;
            }
        }
        var times = answers.Select(a => a.Milliseconds).Order().ToArray();
        return new Scores(withTwo, first, three, suggested, wrong, nobody, quiet, withAny, acceptable, Ratio(mrr, withTwo),
            Percentile(times, 0.5), Percentile(times, 0.9));
    }

    internal static void Print(string method, Scores s)
    {
        var timing = s.P50 > 0 ? string.Create(CultureInfo.InvariantCulture, $"  p50 {s.P50:0} ms p90 {s.P90:0} ms") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{method,-22} first right {s.First:0.00} ({s.FirstRight}/{s.WithTwo})  first three {s.Three:0.00} ({s.FirstThree}/{s.WithTwo})  wrong people {s.WrongShare:0.00} ({s.Wrong}/{s.Suggested})  quiet on nobody {s.Quiet:0.00} ({s.QuietOnNobody}/{s.Nobody})  first acceptable {Ratio(s.FirstAcceptable, s.WithAny):0.00} ({s.FirstAcceptable}/{s.WithAny})  MRR {s.Mrr:0.000}{timing}"));
    }

    /// <summary>Per contact: how often suggested, and how often wrongly (graded 0); then per kind of contact.</summary>
    private static void Breakdown(List<NetworkContact> network, List<Answer> answers)
    {
        Console.WriteLine("per contact (suggested / graded 0 / pages graded 2 missed):");
        foreach (var c in network)
        {
            var suggested = answers.Count(a => a.Suggested.Contains(c.Key));
            var wrong = answers.Count(a => a.Suggested.Contains(c.Key) && a.Page.Grades.GetValueOrDefault(c.Key) == 0);
            var missed = answers.Count(a => !a.Suggested.Contains(c.Key) && a.Page.Grades.GetValueOrDefault(c.Key) == 2);
            var what = c.Interests is { Length: > 0 } i ? string.Join(", ", i) : $"[{c.Headline}]";
            Console.WriteLine($"  {c.Key} {Trim(what, 44),-44} {suggested,3} {wrong,3} {missed,3}");
        }
    }

    private static void Details(List<NetworkContact> network, List<Answer> answers)
    {
        var names = network.ToDictionary(c => c.Key, c => c.Interests is { Length: > 0 } i ? i[0] : c.Headline ?? c.Name);
        foreach (var a in answers)
        {
            var best = string.Join(",", a.Page.Best);
            var got = string.Join(", ", a.Suggested.Select(k => $"{k}:{a.Page.Grades.GetValueOrDefault(k)} {Trim(names[k], 18)}"));
            Console.WriteLine($"{a.Page.Slug,-28} best [{best}] → {(got.Length == 0 ? "(none) " + a.NoMatchReason : got)}");
            for (var i = 0; i < a.Reasons.Length; i++)
                Console.WriteLine($"    {a.Suggested[i]}: {Trim(a.Reasons[i], 150)}");
        }
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
