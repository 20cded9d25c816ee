using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ContentHelper.Benchmarks -- --filter '*' --job short
// Pages: EXTRACTION_BENCH_PAGES=<dir with <slug>/source.html> (default: the test fixtures).
BenchmarkSwitcher.FromAssembly(typeof(ContentHelper.Benchmarks.ExtractionBenchmarks).Assembly).Run(args);
