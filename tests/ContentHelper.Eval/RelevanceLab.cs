using System.Globalization;
using System.Numerics.Tensors;
using ContentHelper.Api.Matching;

namespace ContentHelper.Eval;

/// <summary>
/// Studies behind the relevance model's choices, kept so they can be rerun (docs/matching.md reports them):
/// <c>--explore background</c> judges each interest against its own distribution over a background of real news
/// (Wikinews: mean/spread z-scores, robust z-scores, percentiles) for several article similarities, and
/// <c>--explore wording</c> compares the words an interest phrase is embedded in. Each prints P@1 and Hit@3 with
/// nobody silent, and the operating point where at most 25% of uncovered articles get a suggestion.
/// </summary>
internal static class RelevanceLab
{
    public const int D = TextEmbedder.Dimensions;

    public sealed record Doc(ArticleAnalysis A, float[] Baseline);

    public static double Lead(Doc d, ReadOnlySpan<float> v) => TensorPrimitives.Dot(v, d.A.PassageVectors.AsSpan(0, D));
    public static double Base(Doc d, ReadOnlySpan<float> v) => TensorPrimitives.Dot(v, d.Baseline);
    public static double Best(Doc d, ReadOnlySpan<float> v)
    {
        var best = double.MinValue;
        for (var p = 0; p < d.A.PassageCount; p++) best = Math.Max(best, TensorPrimitives.Dot(v, d.A.PassageVectors.AsSpan(p * D, D)));
        return best;
    }
    public static double MeanP(Doc d, ReadOnlySpan<float> v)
    {
        double s = 0;
        for (var p = 0; p < d.A.PassageCount; p++) s += TensorPrimitives.Dot(v, d.A.PassageVectors.AsSpan(p * D, D));
        return s / d.A.PassageCount;
    }
    public static double Key(Doc d, ReadOnlySpan<float> v)
    {
        var best = 0.0;
        for (var j = 0; j < d.A.KeyPhrases.Length; j++)
            best = Math.Max(best, TensorPrimitives.Dot(v, d.A.KeyPhraseVectors.AsSpan(j * D, D)) * (0.5 + 0.5 * d.A.KeyPhraseWeights[j]));
        return best;
    }
    public static double Blend(Doc d, ReadOnlySpan<float> v) => 0.4 * Lead(d, v) + 0.3 * Best(d, v) + 0.3 * Key(d, v);
    public static double LeadKey(Doc d, ReadOnlySpan<float> v) => 0.7 * Lead(d, v) + 0.3 * Key(d, v);
    public static double LeadBest(Doc d, ReadOnlySpan<float> v) => 0.5 * Lead(d, v) + 0.5 * Best(d, v);

    public delegate double Sim(Doc d, ReadOnlySpan<float> v);

    public static readonly (string Name, Sim Sim)[] Sims =
    [
        ("lead", Lead), ("base", Base), ("best", Best), ("meanP", MeanP), ("key", Key), ("blend", Blend), ("lead+key", LeadKey), ("lead+best", LeadBest),
    ];

    /// <summary>Null statistics of one phrase over the background documents.</summary>
    public sealed record Null(double Mean, double Std, double Median, double Iqr, double[] Sorted);

    public static Null NullOf(Sim sim, ReadOnlySpan<float> v, IReadOnlyList<Doc> background)
    {
        var values = new double[background.Count];
        for (var b = 0; b < background.Count; b++) values[b] = sim(background[b], v);
        Array.Sort(values);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / values.Length);
        double Q(double q) => values[(int)Math.Clamp(Math.Round(q * (values.Length - 1)), 0, values.Length - 1)];
        return new Null(mean, std, Q(0.5), Q(0.75) - Q(0.25), values);
    }

    public static double Percentile(Null n, double x)
    {
        var lo = 0; var hi = n.Sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (n.Sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return (lo + 0.5) / (n.Sorted.Length + 1);
    }

    /// <summary>P@1 (no silence), Hit@3, and the operating point where at most 25% of uncovered articles get a suggestion.</summary>
    public static string Summary(double[][] scores, string?[] contactLabel, string[] truth, string[] labels, int splits = 10)
    {
        var n = truth.Length;
        double p1 = 0, hit3 = 0, fullP1 = 0;
        var ranks = Enumerable.Range(0, n).Select(i => MatchingMetrics.Rank(scores[i], contactLabel, truth[i])).ToArray();
        foreach (var (prec, rank) in ranks) { p1 += prec; hit3 += rank <= 3 ? 1 : 0; }
        var half = MatchingMetrics.HalfCovered(scores, contactLabel, truth, labels, splits);
        // Threshold: the smallest with false <= 0.25.
        var uncoveredTops = half.Where(h => h.Uncovered).Select(h => h.Top).OrderDescending().ToArray();
        var t = Math.BitIncrement(uncoveredTops[(int)Math.Floor(0.25 * uncoveredTops.Length)]);
        var (_, covP1) = MatchingMetrics.AtThreshold(half, t);
        var silent = 0;
        for (var i = 0; i < n; i++)
            if (scores[i].Max() >= t) fullP1 += ranks[i].Precision; else silent++;
        return $"P@1 {p1 / n:0.000} Hit@3 {hit3 / n:0.000} | @false.25: covP@1 {covP1:0.000} P@1 {fullP1 / n:0.000} silent {silent / (double)n:0.000} (t={t:0.###})";
    }

    public static void Explore(string study, ArticleAnalysis[] analyses, float[] baseline, string?[] contactLabel, InterestIndex index,
        string[] truth, string[] labels, List<Doc>? background, InterestMatcher current, TextEmbedder embedder, MatchingOptions options)
    {
        var docs = analyses.Select((a, i) => new Doc(a, baseline.AsSpan(i * D, D).ToArray())).ToArray();
        var phraseOf = Enumerable.Range(0, index.ContactCount).Select(c => index.ContactPhrases[index.ContactStart[c]]).ToArray();
        Console.WriteLine($"{"relevance model",-36} {Summary([.. analyses.Select(a => current.Score(a, index).ContactScores)], contactLabel, truth, labels)}");
        switch (study)
        {
            case "background" when background is not null:
                foreach (var (name, sim) in Sims)
                {
                    var nulls = phraseOf.Select(p => NullOf(sim, index.Vector(p), background)).ToArray();
                    var raw = docs.Select(d => phraseOf.Select(p => sim(d, index.Vector(p))).ToArray()).ToArray();
                    Console.WriteLine($"{name + " raw",-36} {Summary(raw, contactLabel, truth, labels)}");
                    Console.WriteLine($"{name + " z(mean,std)",-36} {Summary([.. raw.Select(r => r.Select((x, c) => (x - nulls[c].Mean) / nulls[c].Std).ToArray())], contactLabel, truth, labels)}");
                    Console.WriteLine($"{name + " z(median,iqr)",-36} {Summary([.. raw.Select(r => r.Select((x, c) => (x - nulls[c].Median) / (nulls[c].Iqr / 1.349)).ToArray())], contactLabel, truth, labels)}");
                    Console.WriteLine($"{name + " minus mean",-36} {Summary([.. raw.Select(r => r.Select((x, c) => x - nulls[c].Mean).ToArray())], contactLabel, truth, labels)}");
                    Console.WriteLine($"{name + " percentile",-36} {Summary([.. raw.Select(r => r.Select((x, c) => Percentile(nulls[c], x) + 1e-6 * x).ToArray())], contactLabel, truth, labels)}");
                }
                break;
            case "wording":
                string[][] wordings = [["{0}"], ["an article about {0}"], ["news about {0}"], ["{0} news"], ["the latest on {0}"], ["a report on {0}"],
                    ["{0}", "an article about {0}", "news about {0}", "a story about {0}", "{0} news"]];
                foreach (var ensemble in wordings)
                {
                    // Several wordings: the normalised mean of their vectors.
                    var flat = new float[phraseOf.Length * D];
                    foreach (var wording in ensemble)
                        TensorPrimitives.Add(flat, embedder.Embed([.. phraseOf.Select(p => string.Format(CultureInfo.InvariantCulture, wording, index.Phrases[p]))], options.MaxTokens), flat);
                    for (var c = 0; c < phraseOf.Length; c++)
                    {
                        var row = flat.AsSpan(c * D, D);
                        TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
                    }
                    var raw = docs.Select(d => Enumerable.Range(0, phraseOf.Length).Select(c => MeanP(d, flat.AsSpan(c * D, D))).ToArray()).ToArray();
                    Console.WriteLine($"{"passages vs " + string.Join(" + ", ensemble),-36} {Summary(raw, contactLabel, truth, labels)}");
                }
                break;
            default:
                Console.Error.WriteLine("--explore background (with --background <wikinews-dir>) or --explore wording");
                break;
        }
    }

}
