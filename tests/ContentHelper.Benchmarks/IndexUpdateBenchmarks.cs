using BenchmarkDotNet.Attributes;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Matching;

namespace ContentHelper.Benchmarks;

/// <summary>
/// An account's interest index after one contact edit, in memory (issue 26, item 4): built again from every contact's
/// interests against updated from the one that changed (<see cref="InterestIndex.With"/>), and what the matcher then
/// pays for the new index's phrase facts (the match step on a new index against the same index again). 50,000 contacts
/// with ~45,000 distinct phrases, as a 50,000-row LinkedIn import with varied positions has (LargeAccountRun).
/// Run: dotnet run -c Release --project tests/ContentHelper.Benchmarks -- --filter '*IndexUpdateBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class IndexUpdateBenchmarks
{
    private List<(Guid, IReadOnlyList<string>, IReadOnlyList<ImplicitInterest>)> contacts = null!;
    private Dictionary<string, float[]> vectors = null!;
    private InterestIndex index = null!;
    private (Guid, IReadOnlyList<string>, IReadOnlyList<ImplicitInterest>) edited;
    private HashSet<Guid> dropped = null!;

    [Params(5_000, 50_000)]
    public int Contacts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Contacts);
        var vocabulary = MatchingBench.Vocabulary();
        vectors = [];
        float[] Vector()
        {
            var v = new float[TextEmbedder.Dimensions];
            for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() - 0.5);
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / norm)];
        }
        // Most people have a role of their own (a phrase nobody else has) and one or two shared interests.
        contacts = [.. Enumerable.Range(0, Contacts).Select(c => (Guid.NewGuid(),
            (IReadOnlyList<string>)[.. Enumerable.Range(0, random.Next(3)).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))])],
            (IReadOnlyList<ImplicitInterest>)[new ImplicitInterest($"role {c % (Contacts * 9 / 10)} of {vocabulary[c % vocabulary.Length]}", InterestSource.Headline, $"from their headline: Role {c}")]))];
        foreach (var phrase in contacts.SelectMany(c => c.Item2.Concat(c.Item3.Select(i => i.Interest))).Select(ContentHelper.Api.Data.Phrases.Key).Distinct())
            vectors[phrase] = Vector();
        vectors["a new interest"] = Vector();
        index = InterestIndex.Build(contacts, 0.8, p => vectors.TryGetValue(p, out var v) ? v : null);
        MatchingBench.Match(index);
        edited = (contacts[7].Item1, [.. contacts[7].Item2, "a new interest"], contacts[7].Item3);
        dropped = [edited.Item1];
        Console.WriteLine($"// {Contacts} contacts, {index.PhraseCount} distinct phrases");
    }

    [Benchmark(Baseline = true, Description = "build from every contact")]
    public int Rebuild() =>
        InterestIndex.Build(contacts.Select(c => c.Item1 == edited.Item1 ? edited : c), 0.8, p => vectors.TryGetValue(p, out var v) ? v : null).PhraseCount;

    [Benchmark(Description = "update by the edited contact")]
    public int Update() => index.With(dropped, [edited], 0.8, p => vectors.TryGetValue(p, out var v) ? v : null).PhraseCount;

    [Benchmark(Description = "match step, same index again")]
    public int MatchSameIndex() => MatchingBench.Match(index).Matches.Count;

    [Benchmark(Description = "update, then the match step on it")]
    public int UpdateThenMatch() => MatchingBench.Match(index.With(dropped, [edited], 0.8, p => vectors.TryGetValue(p, out var v) ? v : null)).Matches.Count;
}
