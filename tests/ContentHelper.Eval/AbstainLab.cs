using System.Globalization;
using System.Numerics.Tensors;
using ContentHelper.Api.Matching;

namespace ContentHelper.Eval;

/// <summary>
/// Learns the answer decision (<see cref="Features"/> → P(the first contact is right), P(covered), or right against uncovered) on the
/// half-covered splits of one corpus's protocols and compares it with the relevance threshold (MinScore) on every
/// protocol of both corpora: the curve of each (P@1 and Hit@3 with every topic covered, silent, false, covP@1) and,
/// at the false rate the relevance threshold gives at its default, what each keeps of covered articles.
/// </summary>
internal static class AbstainLab
{
    /// <summary>One article under one split: its decision features, whether its label's contacts are gone, and whether the first contact present is right (Credit/Hit3 for the all-covered rows).</summary>
    public sealed record Row(double[] X, double Top, bool Uncovered, bool Right, double Credit, bool Hit3);

    public sealed record ProtocolRows(string Name, string Corpus, bool Train, List<Row> Half, List<Row> Full);

    /// <summary>Names of <see cref="Features"/>, in order.</summary>
    static readonly string[] FeatureNames = ["top", "second", "lexical", "standing", "keyPhrase", "passageMin", "generic", "spread", "fitting", "rest",
        "top²", "top×lexical", "top×standing", "top×keyPhrase", "top×passageMin", "top×generic"];

    /// <summary>
    /// What an answer decision can read of one article and the contacts present (all, or those <paramref name="present"/>
    /// keeps), a handful of numbers per request: the first contact's relevance and the second's (log-odds), the first's
    /// best interest's lexical evidence, standing, key-phrase cosine and weakest passage cosine, how generic the article
    /// is (the reference interests' mean cosine on it and their spread), how many contacts pass 0.2 (log), and the mean
    /// log-odds of the other contacts.
    /// </summary>
    static double[] Features(InterestMatcher matcher, ArticleScores scores, Func<int, bool>? present = null)
    {
        var index = scores.Index;
        int top = -1, fitting = 0, count = 0;
        double best = 0, second = 0, sumLogOdds = 0;
        for (var c = 0; c < index.ContactCount; c++)
        {
            if (present is not null && !present(c)) continue;
            var s = scores.ContactScores[c];
            count++;
            sumLogOdds += LogOdds(s);
            if (s >= 0.2) fitting++;
            if (top < 0 || s > best) { second = top < 0 ? 0 : best; best = s; top = c; }
            else if (s > second) second = s;
        }
        var phrase = index.ContactPhrases[scores.ContactBestReference[top]];
        var analysis = scores.Analysis;
        var reference = matcher.Reference(analysis);
        var f = matcher.Features(analysis, index.Vector(phrase), reference);
        var passages = analysis.PassageVectors.AsSpan();
        var weakest = double.MaxValue;
        for (var i = 0; i < analysis.PassageCount; i++)
            weakest = Math.Min(weakest, TensorPrimitives.Dot(index.Vector(phrase), passages.Slice(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions)));
        var t = LogOdds(best);
        double lexical = scores.PhraseLexical[phrase];
        return [t, LogOdds(second), lexical, f.Standing, f.KeyPhrase, weakest, reference.Mean, reference.Spread,
            Math.Log(1 + fitting), count > 1 ? (sumLogOdds - t) / (count - 1) : t,
            t * t, t * lexical, t * f.Standing, t * f.KeyPhrase, t * weakest, t * reference.Mean];
    }

    static double LogOdds(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    public static ProtocolRows Build(string name, string corpus, bool train, ArticleAnalysis[] analyses, InterestIndex index, string?[] contactLabel,
        string[] truth, string[] labels, InterestMatcher matcher, int splits)
    {
        var scores = analyses.Select(a => matcher.Score(a, index)).ToArray();
        var full = new List<Row>();
        for (var i = 0; i < truth.Length; i++)
        {
            var (credit, rank) = MatchingMetrics.Rank(scores[i].ContactScores, contactLabel, truth[i]);
            full.Add(new Row(Features(matcher, scores[i]), scores[i].ContactScores.Max(), false, credit == 1, credit, rank <= 3));
        }
        var half = new List<Row>();
        foreach (var removed in MatchingMetrics.RemovedLabels(labels, splits))
        {
            bool Present(int c) => contactLabel[c] is not { } l || !removed.Contains(l);
            for (var i = 0; i < truth.Length; i++)
            {
                var s = scores[i].ContactScores;
                var top = -1;
                for (var c = 0; c < s.Length; c++)
                    if (Present(c) && (top < 0 || s[c] > s[top])) top = c;
                half.Add(new Row(Features(matcher, scores[i], Present), s[top], removed.Contains(truth[i]), contactLabel[top] == truth[i], 0, false));
            }
        }
        return new ProtocolRows(name, corpus, train, half, full);
    }

    public static void Run(List<ProtocolRows> data, string trainCorpus, MatchingOptions options)
    {
        var names = FeatureNames;
        var sets = new Dictionary<string, int[]>
        {
            ["first + article"] = [0, 2, 3, 4, 5, 6, 7],
            ["first + article + rest"] = [0, 2, 3, 4, 5, 6, 7, 9],
            ["first + article, with interactions"] = [0, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15],
            ["all but counts"] = [0, 1, 2, 3, 4, 5, 6, 7],
            ["all but counts + rest"] = [0, 1, 2, 3, 4, 5, 6, 7, 9],
            ["all"] = [.. Enumerable.Range(0, 10)],
        };
        var minScores = new[] { 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6 };
        var chances = new[] { 0.25, 0.3, 0.34, 0.4, 0.45, 0.5 };
        Console.WriteLine();
        Console.WriteLine($"=== answer decision learned on {trainCorpus}'s half-covered splits; relevance threshold for comparison ===");
        foreach (var p in data)
        {
            Console.WriteLine($"  {p.Name,-14} MinScore  " + string.Join(" | ", minScores.Select(t => $"@{F(t)} {Point(p, r => r.Top, t)}")));
        }
        // The relative rule: answer when the first contact stands out from the rest of the account by at least t (log-odds).
        Console.WriteLine();
        Console.WriteLine("--- relative rule: first contact's log-odds minus the mean of the others'");
        foreach (var p in data)
        {
            static double Gap(Row r) => r.X[0] - r.X[9];
            var goal = FalseRate(p, r => r.Top, options.MinScore);
            var matched = Enumerable.Range(0, 400).Select(k => k / 40.0).MinBy(t => Math.Abs(FalseRate(p, Gap, t) - goal));
            Console.WriteLine($"  {p.Name,-20} at false {F(goal)}: MinScore {F(options.MinScore)} {Point(p, r => r.Top, options.MinScore)}  vs  gap {F(matched)} {Point(p, Gap, matched)}   AUC {Auc(p, r => r.Top):0.000} → {Auc(p, Gap):0.000}");
        }
        foreach (var (setName, cols) in sets)
        foreach (var target in new[] { "right", "covered", "right vs uncovered" })
        {
            var rows = new List<(double[] X, double Y, double W)>();
            // Topic protocols only: the articles protocols' "uncovered" (another article's rare phrases) is another question, and learning on it cost every protocol.
            foreach (var p in data.Where(p => p.Corpus == trainCorpus && p.Train && !p.Name.EndsWith("-articles", StringComparison.Ordinal)))
            {
                var w = 1000.0 / p.Half.Count;
                // "right vs uncovered" leaves out covered articles whose first contact is wrong: neither false nor covP@1 counts them.
                rows.AddRange(p.Half.Where(r => target != "right vs uncovered" || r.Uncovered || r.Right)
                    .Select(r => ((double[])[.. cols.Select(k => r.X[k])], (target == "covered" ? !r.Uncovered : r.Right) ? 1.0 : 0.0, w)));
            }
            var (raw, standardised) = FitLab.Logistic(rows, cols.Length);
            double Chance(Row r)
            {
                var logit = raw[0];
                for (var k = 0; k < cols.Length; k++) logit += raw[k + 1] * r.X[cols[k]];
                return 1 / (1 + Math.Exp(-logit));
            }
            Console.WriteLine();
            Console.WriteLine($"--- {setName}, P({target}), learned on the topic protocols: intercept {F(raw[0])}, " + string.Join(", ", cols.Select((k, j) => $"{names[k]} {F(raw[j + 1])} (std {F(standardised[j + 1])})")));
            foreach (var p in data)
            {
                var tag = p.Corpus == trainCorpus && p.Train ? "in " : p.Corpus == trainCorpus ? "   " : "OUT";
                Console.WriteLine($"  {tag} {p.Name,-14} " + string.Join(" | ", chances.Select(t => $"@{F(t)} {Point(p, Chance, t)}")));
                // The fair comparison: at the false rate of today's default, how much of the covered articles each keeps.
                var goal = FalseRate(p, r => r.Top, options.MinScore);
                var matched = Enumerable.Range(1, 98).Select(k => k / 100.0).MinBy(t => Math.Abs(FalseRate(p, Chance, t) - goal));
                Console.WriteLine($"  {tag} {p.Name,-20} at false {F(goal)}: MinScore {F(options.MinScore)} {Point(p, r => r.Top, options.MinScore)}  vs  chance {F(matched)} {Point(p, Chance, matched)}   AUC covered-right vs uncovered {Auc(p, r => r.Top):0.000} → {Auc(p, Chance):0.000}");
            }
        }
    }

    /// <summary>How well a value orders covered articles whose first contact is right above uncovered ones (what false against covP@1 measures).</summary>
    static double Auc(ProtocolRows p, Func<Row, double> value)
    {
        var pos = p.Half.Where(r => !r.Uncovered && r.Right).Select(value).Order().ToArray();
        var neg = p.Half.Where(r => r.Uncovered).Select(value).Order().ToArray();
        double below = 0;
        var j = 0;
        foreach (var x in pos)
        {
            while (j < neg.Length && neg[j] < x) j++;
            below += j;
        }
        return below / ((double)pos.Length * neg.Length);
    }

    static double FalseRate(ProtocolRows p, Func<Row, double> value, double t)
    {
        var uncovered = p.Half.Where(r => r.Uncovered).ToList();
        return uncovered.Count(r => value(r) >= t) / (double)uncovered.Count;
    }

    /// <summary>P@1 Hit@3 silent (all covered) / false covP@1 (half covered) when articles whose value is below t stay silent.</summary>
    static string Point(ProtocolRows p, Func<Row, double> value, double t)
    {
        double p1 = 0, hit3 = 0, silent = 0;
        foreach (var r in p.Full)
        {
            if (value(r) < t) { silent++; continue; }
            p1 += r.Credit;
            hit3 += r.Hit3 ? 1 : 0;
        }
        var covered = p.Half.Where(r => !r.Uncovered).ToList();
        var covP1 = covered.Count(r => value(r) >= t && r.Right) / (double)covered.Count;
        var n = p.Full.Count;
        return $"{p1 / n:0.000} {hit3 / n:0.000} {silent / n:0.000} / {FalseRate(p, value, t):0.000} {covP1:0.000}";
    }

    static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
