using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentHelper.Api.Articles;

namespace ContentHelper.Eval;

/// <summary>
/// <c>extraction &lt;corpus-dir&gt; [--out dir] [--engine ours|smartreader|anglesharp|readability] [--repeat N] [--labels file]</c>:
/// runs an extractor over every <c>&lt;slug&gt;/source.html</c> and scores it against
/// <c>expected.html</c> + <c>expected-metadata.json</c> the way shared/tools/extraction_score.py does
/// (body F1 on 4-gram shingles; metadata exact after collapsing whitespace; publishedTime by its first 10
/// characters), plus pages/s single-threaded (--engine all: speed of the three, interleaved). With --out, writes <c>&lt;dir&gt;/&lt;slug&gt;.json</c> for the Python scorer.
/// With --labels, also scores the text against human judgments (<see cref="SnippetLabels"/>).
/// </summary>
internal static class ExtractionEval
{
    // The Readability corpus was saved from this address; relative links resolve against it.
    private const string CorpusPageUrl = "http://fakehost/test/page.html";
    private static readonly string[] Fields = ["title", "byline", "siteName", "excerpt", "publishedTime"];

    private static readonly JsonSerializerOptions JsonOut = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record Output(string Text, string? Title, string? Byline, string? SiteName, string? Excerpt,
        string? PublishedTime, bool? IsArticle = null, string? NotArticleReason = null, object? Full = null);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("extraction: give the corpus directory (folders with source.html)");
            return 2;
        }
        var corpus = args[0];
        var outDir = Option(args, "--out");
        var engine = Option(args, "--engine") ?? "ours";
        int repeat = int.TryParse(Option(args, "--repeat"), out var r) && r > 0 ? r : 1;
        if (engine == "all")
        {
            return await CompareSpeedAsync(corpus, repeat);
        }
        Dictionary<string, string>? sources = null;
        // "readability": the corpus's own expected.html as the output, to score Readability.js against the
        // human labels (its body F1 against itself is 1 by construction).
        Func<string, Task<Output>> extract = engine switch
        {
            "ours" => slug => OursAsync(sources![slug]),
            "smartreader" => slug => SmartReaderAsync(sources![slug]),
            "anglesharp" => slug => AngleSharpFloorAsync(sources![slug]),
            "readability" => async slug => new Output(
                await TextContentAsync(await File.ReadAllTextAsync(Path.Combine(corpus, slug, "expected.html"))),
                null, null, null, null, null),
            _ => throw new ArgumentException($"unknown engine '{engine}'"),
        };
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
        }

        var slugs = Directory.GetDirectories(corpus)
            .Where(d => File.Exists(Path.Combine(d, "source.html")))
            .Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        sources = slugs.ToDictionary(s => s, s => File.ReadAllText(Path.Combine(corpus, s, "source.html")));

        // Warm up the JIT on every page once, then time `repeat` rounds single-threaded.
        var outputs = new Dictionary<string, Output>();
        foreach (var slug in slugs)
        {
            outputs[slug] = await extract(slug);
        }
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < repeat; round++)
        {
            foreach (var slug in slugs)
            {
                await extract(slug);
            }
        }
        clock.Stop();
        double pagesPerSecond = slugs.Count * repeat / clock.Elapsed.TotalSeconds;

        var pairs = new List<(string, string)>();
        var hits = Fields.ToDictionary(f => f, _ => (Hit: 0, Total: 0));
        int readerableAgree = 0, readerableTotal = 0;
        var misses = Fields.ToDictionary(f => f, _ => new List<string>());
        foreach (var slug in slugs)
        {
            var got = outputs[slug];
            if (outDir is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(outDir, slug + ".json"),
                    JsonSerializer.Serialize(got.Full ?? got, JsonOut));
            }
            var expectedHtml = Path.Combine(corpus, slug, "expected.html");
            var expectedMeta = Path.Combine(corpus, slug, "expected-metadata.json");
            if (!File.Exists(expectedHtml) || !File.Exists(expectedMeta))
            {
                continue;
            }
            pairs.Add((await TextContentAsync(await File.ReadAllTextAsync(expectedHtml)), got.Text));
            using var meta = JsonDocument.Parse(await File.ReadAllTextAsync(expectedMeta));
            foreach (var field in Fields)
            {
                if (!meta.RootElement.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String
                    || value.GetString() is not { Length: > 0 } expected)
                {
                    continue;
                }
                string a = Norm(expected), b = Norm(Field(got, field));
                bool ok = field == "publishedTime" ? Prefix(a, 10) == Prefix(b, 10) : a == b;
                var (hit, total) = hits[field];
                hits[field] = (hit + (ok ? 1 : 0), total + 1);
                if (!ok)
                {
                    misses[field].Add($"{slug}: expected \"{a}\" got \"{b}\"");
                }
            }
            if (got.IsArticle is bool isArticle && meta.RootElement.TryGetProperty("readerable", out var readerable)
                && readerable.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                readerableTotal++;
                readerableAgree += isArticle == readerable.GetBoolean() ? 1 : 0;
            }
        }

        var m = BodyMetrics.Compute(pairs);
        Console.WriteLine($"engine {engine}");
        Console.WriteLine($"pages {pairs.Count}  body F1 {m.F1:0.000} ± {m.F1Std:0.000}  precision {m.Precision:0.000}  recall {m.Recall:0.000}  exact {m.Accuracy:0.000}");
        Console.WriteLine("metadata: " + string.Join("  ", Fields.Select(f => $"{f} {hits[f].Hit}/{hits[f].Total}")));
        var worst = m.PerPageF1.Zip(slugs.Where(s => File.Exists(Path.Combine(corpus, s, "expected.html"))))
            .OrderBy(x => x.First).ThenBy(x => x.Second, StringComparer.Ordinal).Take(8);
        Console.WriteLine("lowest body F1: " + string.Join(", ", worst.Select(x => $"{x.Second} {x.First:0.00}")));
        if (readerableTotal > 0)
        {
            Console.WriteLine($"isArticle agrees with 'readerable': {readerableAgree}/{readerableTotal}");
        }
        Console.WriteLine($"speed: {pagesPerSecond:0.0} pages/s single-threaded ({slugs.Count * repeat} parses, {clock.Elapsed.TotalSeconds:0.00} s)");
        if (Option(args, "--labels") is string labelsPath)
        {
            SnippetLabels.Report(SnippetLabels.Load(labelsPath), outputs.ToDictionary(o => o.Key, o => o.Value.Text),
                Environment.GetEnvironmentVariable("EVAL_VERBOSE") == "1");
        }
        if (Environment.GetEnvironmentVariable("EVAL_VERBOSE") == "1")
        {
            foreach (var field in Fields)
            {
                foreach (var miss in misses[field])
                {
                    Console.WriteLine($"  {field} miss {miss}");
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// --engine all: speed only, the three engines interleaved page by page in rotating order, so that load
    /// from other processes on a shared machine falls on all three alike; prints pages/s and the ratios,
    /// which are the numbers to trust on a busy machine.
    /// </summary>
    private static async Task<int> CompareSpeedAsync(string corpus, int repeat)
    {
        var pages = Directory.GetDirectories(corpus)
            .Select(d => Path.Combine(d, "source.html")).Where(File.Exists)
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        // The floor is AngleSharp's bare HtmlParser.ParseDocument (default options, the document left to the GC
        // as ArticleParser leaves its own): the least any extractor on AngleSharp must spend on a page.
        var bare = new HtmlParser();
        (string Name, Func<string, Task> Run)[] engines =
            [("ours", OursAsync), ("anglesharp", html => { bare.ParseDocument(html); return Task.CompletedTask; }),
             ("smartreader", SmartReaderAsync)];
        var elapsed = new TimeSpan[engines.Length];
        var cpu = new double[engines.Length];
        for (int round = -1; round < repeat; round++)
        {
            for (int p = 0; p < pages.Count; p++)
            {
                var html = pages[p];
                // Rotate who goes first, so each engine follows each other one equally often: a collection
                // provoked by one engine's garbage must not always land in the same neighbour's timing.
                for (int k = 0; k < engines.Length; k++)
                {
                    int e = (p + k) % engines.Length;
                    double cpuStart = ThreadCpuSeconds();
                    var clock = Stopwatch.StartNew();
                    await engines[e].Run(html);
                    if (round >= 0)
                    {
                        elapsed[e] += clock.Elapsed; // round -1 warms the JIT
                        cpu[e] += ThreadCpuSeconds() - cpuStart;
                    }
                }
            }
        }
        int parses = pages.Count * repeat;
        for (int e = 0; e < engines.Length; e++)
        {
            Console.WriteLine($"{engines[e].Name,-12} {parses / elapsed[e].TotalSeconds,7:0.0} pages/s wall  {parses / cpu[e],7:0.0} pages/s thread CPU  ({elapsed[e].TotalSeconds:0.00} s for {parses} parses)");
        }
        Console.WriteLine($"wall:       ours vs smartreader {elapsed[2] / elapsed[0]:0.00}x faster; ours vs bare ParseDocument {elapsed[0] / elapsed[1]:0.00}x the time");
        Console.WriteLine($"thread CPU: ours vs smartreader {cpu[2] / cpu[0]:0.00}x faster; ours vs bare ParseDocument {cpu[0] / cpu[1]:0.00}x the time");
        return 0;
    }

    // This thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID; NaN elsewhere): what a page cost, however many other
    // processes share the cores. Background gen-2 collections run on another thread and are not in it.
    private static double ThreadCpuSeconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    // The eval scores what is extracted, not the time budget: a cold first parse on a loaded machine may pass 2 s.
    private static readonly ArticleParser Parser = new(new ArticleParserOptions { TimeBudget = TimeSpan.FromMinutes(1) });

    private static async Task<Output> OursAsync(string html)
    {
        var a = await Parser.ParseAsync(html, CorpusPageUrl, CancellationToken.None);
        return new Output(a.Text, a.Title, a.Byline, a.SiteName, a.Excerpt, a.PublishedTime, a.IsArticle, a.NotArticleReason, a);
    }

    private static Task<Output> SmartReaderAsync(string html)
    {
        // Reader(uri, html): the two-string static ParseArticle takes a user agent and fetches the page.
        using var reader = new SmartReader.Reader(CorpusPageUrl, html) { ContinueIfNotReadable = true };
        var a = reader.GetArticle();
        return Task.FromResult(new Output(a.TextContent ?? "", a.Title, a.Byline ?? a.Author, a.SiteName, a.Excerpt,
            a.PublicationDate?.ToString("yyyy-MM-ddTHH:mm:ss"), a.IsReadable));
    }

    // The floor: AngleSharp's parse and the whole body's text, with <title> as the title.
    private static async Task<Output> AngleSharpFloorAsync(string html)
    {
        using var context = BrowsingContext.New(Configuration.Default);
        using var document = await context.OpenAsync(r => r.Content(html).Address(CorpusPageUrl).Header("Content-Type", "text/html; charset=utf-8"));
        return new Output(document.Body?.TextContent ?? "", document.Title, null, null, null, null);
    }

    // Same as the Python scorer's HTMLParser text: every text node, joined without separators.
    private static async Task<string> TextContentAsync(string html)
    {
        using var context = BrowsingContext.New(Configuration.Default);
        using var document = await context.OpenAsync(r => r.Content(html).Header("Content-Type", "text/html; charset=utf-8"));
        return document.DocumentElement?.TextContent ?? "";
    }

    private static string? Field(Output o, string field) => field switch
    {
        "title" => o.Title,
        "byline" => o.Byline,
        "siteName" => o.SiteName,
        "excerpt" => o.Excerpt,
        "publishedTime" => o.PublishedTime,
        _ => null,
    };

    private static string Norm(string? s) => string.Join(' ', (s ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Prefix(string s, int n) => s.Length <= n ? s : s[..n];

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
