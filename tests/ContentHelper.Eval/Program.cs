using ContentHelper.Eval;

// dotnet run -c Release --project tests/ContentHelper.Eval -- <mode> …
return args.FirstOrDefault() switch
{
    "extraction" => await ExtractionEval.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ContentHelper.Eval extraction <corpus-dir> [--out <dir>] [--engine ours|smartreader|anglesharp|all] [--repeat N]");
    return 2;
}
