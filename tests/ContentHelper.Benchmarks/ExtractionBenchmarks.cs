using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using ContentHelper.Api.Articles;

namespace ContentHelper.Benchmarks;

/// <summary>
/// One operation = every page of the set parsed once, single-threaded, so pages/s = pages ÷ mean time.
/// Pages come from EXTRACTION_BENCH_PAGES (a folder of &lt;slug&gt;/source.html, e.g. a corpus checkout) and
/// EXTRACTION_BENCH_SLUGS (comma-separated; default all); without it, the unit-test fixture pages are used,
/// so the project builds and runs anywhere.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private const string PageUrl = "http://fakehost/test/page.html";
    private readonly ArticleParser _parser = new();
    private string[] _pages = [];

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("EXTRACTION_BENCH_PAGES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var slugs = Environment.GetEnvironmentVariable("EXTRACTION_BENCH_SLUGS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var folders = slugs is { Length: > 0 }
            ? slugs.Select(s => Path.Combine(folder, s))
            : Directory.GetDirectories(folder).Order(StringComparer.Ordinal);
        _pages = folders.Select(f => Path.Combine(f, "source.html")).Where(File.Exists).Select(File.ReadAllText).ToArray();
        if (_pages.Length == 0)
        {
            throw new InvalidOperationException($"no <slug>/source.html pages under {folder}");
        }
        Console.WriteLine($"// {_pages.Length} pages, {_pages.Sum(p => p.Length) / 1024} KB of HTML, from {folder}");
    }

    // The floor: AngleSharp's bare parse, default options, the document left to the GC as ArticleParser leaves
    // its own. One parser for the run, as ArticleParser keeps one per thread.
    private readonly HtmlParser _bare = new();

    [Benchmark(Description = "AngleSharp ParseDocument")]
    public int AngleSharpParse()
    {
        int children = 0;
        foreach (var html in _pages)
        {
            children += _bare.ParseDocument(html).ChildNodes.Length; // not All.Length, a walk of the whole tree
        }
        return children;
    }

    [Benchmark(Baseline = true, Description = "ArticleParser")]
    public async Task<int> Ours()
    {
        int chars = 0;
        foreach (var html in _pages)
        {
            chars += (await _parser.ParseAsync(html, PageUrl, CancellationToken.None)).Text.Length;
        }
        return chars;
    }

    [Benchmark(Description = "SmartReader")]
    public int SmartReaderArticle()
    {
        int chars = 0;
        foreach (var html in _pages)
        {
            using var reader = new SmartReader.Reader(PageUrl, html) { ContinueIfNotReadable = true };
            chars += reader.GetArticle().TextContent?.Length ?? 0;
        }
        return chars;
    }
}
