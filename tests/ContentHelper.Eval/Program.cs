using ContentHelper.Eval;

// dotnet run -c Release --project tests/ContentHelper.Eval -- <mode> …; each mode lives in its own file.
return args.FirstOrDefault() switch
{
    "extraction" => await ExtractionEval.RunAsync(args[1..]),
    "matching" => await MatchingEval.RunAsync(args[1..]),
    "network" => await NetworkEval.RunAsync(args[1..]),
    "network-lab" => await NetworkLab.RunAsync(args[1..]),
    "knowledge" => await KnowledgeBuilder.RunAsync(args[1..]),
    "learn" => await LearningEval.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ContentHelper.Eval extraction <corpus-dir> [--out <dir>] [--engine ours|smartreader|anglesharp|readability|all] [--repeat N] [--labels human-labels.json]");
    Console.Error.WriteLine("       ContentHelper.Eval matching --bbc <dir> --20ng <dir> [--cache <dir>] [--protocols a,b] [--thresholds 0.3,0.4] [--set Key=Value] [--fit] [--explore background|wording] [--background <dir>]");
    return 2;
}
