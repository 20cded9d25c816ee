using BenchmarkDotNet.Running;

namespace ContentHelper.Benchmarks;

// Not top-level statements: the API's implicit Program class is visible here (InternalsVisibleTo) and would clash.
internal static class BenchmarksProgram
{
    // Pick benchmarks with --filter, e.g. --filter '*Matching*' --job short; each feature keeps its benchmarks in its own file.
    // Extraction pages: EXTRACTION_BENCH_PAGES=<dir with <slug>/source.html> (default: the test fixtures).
    // "load" runs the HTTP load run against a server instead (see LoadRun and tests/load/run.sh); "abuse" the
    // probe's worst case for suggestions (see AbuseRun and tests/load/abuse.sh); "mixed" a mixed load or soak over one or
    // more instances (see MixedRun and tests/load/mixed.sh); "keep-in-touch" the keep-in-touch routes at 10,000 imported
    // contacts and 500 remembered articles (KeepInTouchRun, tests/load/keep-in-touch.sh); "large-account" one account of
    // 50,000 imported contacts, and edits of it (LargeAccountRun, tests/load/large-account.sh); "article-memory" what an
    // entry of the article-analysis cache holds (ArticleMemoryRun).
    private static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "load") return await LoadRun.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "mixed") return await MixedRun.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "abuse") return await AbuseRun.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "keep-in-touch") return await KeepInTouchRun.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "large-account") return await LargeAccountRun.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "article-memory") return await ArticleMemoryRun.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args);
        return 0;
    }
}
