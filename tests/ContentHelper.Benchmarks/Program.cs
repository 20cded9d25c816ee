using BenchmarkDotNet.Running;

namespace ContentHelper.Benchmarks;

// Not top-level statements: the API's implicit Program class is visible here (InternalsVisibleTo) and would clash.
internal static class BenchmarksProgram
{
    // Pick benchmarks with --filter, e.g. --filter '*Matching*'; each feature keeps its benchmarks in its own file.
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarksProgram).Assembly).Run(args);
}
