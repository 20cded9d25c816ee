using ContentHelper.Eval;

// Each evaluation is a mode named by the first argument; the modes live in their own files.
return args.FirstOrDefault() switch
{
    "matching" => await MatchingEval.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ContentHelper.Eval matching <corpus-dir> [--contacts own-contacts.json] [--set Key=Value ...] [--sweep] [--limit N]");
    return 2;
}
