using System.Globalization;
using ContentHelper.Api.Matching;

namespace ContentHelper.Eval;

/// <summary>
/// Learns the relevance model's weights (<see cref="MatchingOptions"/>) from labelled articles: L2-regularised
/// logistic regression of "this interest is what the article is about" on the features the matcher computes, fitted
/// on one corpus and tested on the other (and on both), each article weighing the same within its protocol and each
/// protocol the same. Prints the weights as settings and what they give through the real matcher.
/// </summary>
internal static class FitLab
{
    public static readonly string[] Names = ["passages", "keyPhrase", "standing", "lexical"];

    /// <summary>Features[article][phrase] of one protocol; a contact scores its best phrase.</summary>
    public sealed record ProtocolData(string Name, string Corpus, bool Train, ArticleAnalysis[] Analyses, InterestIndex Index, double[][][] Features,
        string?[] ContactLabel, string[] Truth, string[] Labels);

    public static ProtocolData Build(string name, string corpus, bool train, ArticleAnalysis[] analyses, InterestIndex index, string?[] contactLabel,
        string[] truth, string[] labels, InterestMatcher matcher)
    {
        var features = new double[analyses.Length][][];
        for (var j = 0; j < analyses.Length; j++)
        {
            var a = analyses[j];
            var reference = matcher.Reference(a);
            features[j] = new double[index.PhraseCount][];
            for (var p = 0; p < index.PhraseCount; p++)
            {
                var f = matcher.Features(a, index.Vector(p), reference);
                var lexical = matcher.LexicalScore(a.Topics.Text, index.PhraseStems[p], index.PhraseParts[p]).Score;
                features[j][p] = [f.Passages, f.KeyPhrase, f.Standing, lexical];
            }
        }
        return new ProtocolData(name, corpus, train, analyses, index, features, contactLabel, truth, labels);
    }

    public static void Run(List<ProtocolData> data, MatchingOptions baseOptions, Func<MatchingOptions, InterestMatcher> matcherFor, double[] thresholds)
    {
        foreach (var train in new[] { "bbc", "20ng", "both" })
        {
            var trainData = data.Where(p => (train == "both" || p.Corpus == train) && p.Train).ToList();
            var (weights, standardised) = Fit(trainData, [0, 1, 2, 3]);
            var (lexIntercept, lexWeight) = FitLexicalOnly(trainData);
            var o = Copy(baseOptions);
            o.RelevanceIntercept = weights[0];
            o.PassageWeight = weights[1];
            o.KeyPhraseWeight = weights[2];
            o.ReferenceWeight = weights[3];
            o.LexicalWeight = weights[4];
            o.LexicalOnlyIntercept = lexIntercept;
            o.LexicalOnlyWeight = lexWeight;
            Console.WriteLine();
            Console.WriteLine($"--- trained on {train}: standardised {string.Join(' ', standardised.Select(F))}");
            Console.WriteLine($"    --set RelevanceIntercept={F(o.RelevanceIntercept)} --set PassageWeight={F(o.PassageWeight)} --set KeyPhraseWeight={F(o.KeyPhraseWeight)} --set ReferenceWeight={F(o.ReferenceWeight)} --set LexicalWeight={F(o.LexicalWeight)} --set LexicalOnlyIntercept={F(lexIntercept)} --set LexicalOnlyWeight={F(lexWeight)}");
            using var matcher = matcherFor(o);
            foreach (var p in data)
            {
                var scores = p.Analyses.Select(a => matcher.Score(a, p.Index).ContactScores).ToArray();
                var points = string.Join(" | ", thresholds.Select(t =>
                {
                    var (p1, falseRate, covP1) = AtThreshold(scores, p, t);
                    return $"@{t}: P@1 {p1:0.000} false {falseRate:0.000} cov {covP1:0.000}";
                }));
                Console.WriteLine($"    {(!p.Train ? "   " : p.Corpus == train || train == "both" ? "in " : "OUT")} {p.Name,-13} {RelevanceLab.Summary(scores, p.ContactLabel, p.Truth, p.Labels)}  {points}");
            }
        }
    }

    static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    static (double P1, double False, double CovP1) AtThreshold(double[][] scores, ProtocolData p, double t)
    {
        double p1 = 0;
        for (var i = 0; i < p.Truth.Length; i++)
            if (scores[i].Max() >= t) p1 += MatchingMetrics.Rank(scores[i], p.ContactLabel, p.Truth[i]).Precision;
        var (falseRate, covP1) = MatchingMetrics.AtThreshold(MatchingMetrics.HalfCovered(scores, p.ContactLabel, p.Truth, p.Labels), t);
        return (p1 / p.Truth.Length, falseRate, covP1);
    }

    /// <summary>The lexical-only model: the same regression on the lexical feature alone.</summary>
    static (double Intercept, double Weight) FitLexicalOnly(List<ProtocolData> data)
    {
        var (w, _) = Fit(data, [3]);
        return (w[0], w[1]);
    }

    /// <summary>Rows: every (article, phrase) of every protocol, labelled by whether a contact of the article's label holds the phrase.</summary>
    static (double[] Raw, double[] Standardised) Fit(List<ProtocolData> data, int[] cols, double l2 = 1.0)
    {
        var rows = new List<(double[] X, double Y, double W)>();
        foreach (var p in data)
        {
            var phraseCount = p.Index.PhraseCount;
            var rightPhrases = p.Labels.ToDictionary(l => l, l => Enumerable.Range(0, p.Index.ContactCount).Where(c => p.ContactLabel[c] == l)
                .SelectMany(c => p.Index.ContactPhrases[p.Index.ContactStart[c]..p.Index.ContactStart[c + 1]]).ToHashSet());
            // Each protocol weighs the same in total, whatever its size.
            var weight = 1000.0 / (p.Truth.Length * phraseCount);
            for (var j = 0; j < p.Truth.Length; j++)
                for (var q = 0; q < phraseCount; q++)
                    rows.Add(([.. cols.Select(k => p.Features[j][q][k])], rightPhrases[p.Truth[j]].Contains(q) ? 1 : 0, weight));
        }
        return Logistic(rows, cols.Length, l2);
    }

    /// <summary>L2-regularised weighted logistic regression by Newton steps on standardised features; the weights come back in the features' own units and standardised.</summary>
    public static (double[] Raw, double[] Standardised) Logistic(List<(double[] X, double Y, double W)> rows, int m, double l2 = 1.0)
    {
        var mu = new double[m];
        var sd = new double[m];
        for (var k = 0; k < m; k++)
        {
            mu[k] = rows.Average(r => r.X[k]);
            sd[k] = Math.Max(1e-9, Math.Sqrt(rows.Average(r => (r.X[k] - mu[k]) * (r.X[k] - mu[k]))));
        }
        var beta = new double[m + 1];
        for (var iter = 0; iter < 50; iter++)
        {
            var g = new double[m + 1];
            var h = new double[m + 1, m + 1];
            var z = new double[m + 1];
            foreach (var (x, y, w) in rows)
            {
                z[0] = 1;
                for (var k = 0; k < m; k++) z[k + 1] = (x[k] - mu[k]) / sd[k];
                var eta = 0.0;
                for (var k = 0; k <= m; k++) eta += beta[k] * z[k];
                var pr = 1 / (1 + Math.Exp(-eta));
                for (var a = 0; a <= m; a++)
                {
                    g[a] += w * (y - pr) * z[a];
                    for (var b = 0; b <= m; b++) h[a, b] += w * pr * (1 - pr) * z[a] * z[b];
                }
            }
            for (var a = 1; a <= m; a++) { g[a] -= l2 * beta[a]; h[a, a] += l2; }
            var step = Solve(h, g);
            for (var a = 0; a <= m; a++) beta[a] += step[a];
            if (step.Max(Math.Abs) < 1e-7) break;
        }
        // Back to the features' own units: logit = intercept + Σ weight × feature.
        var raw = new double[m + 1];
        raw[0] = beta[0];
        for (var k = 0; k < m; k++)
        {
            raw[k + 1] = beta[k + 1] / sd[k];
            raw[0] -= beta[k + 1] * mu[k] / sd[k];
        }
        return (raw, beta);
    }

    static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++) { for (var j = 0; j < n; j++) m[i, j] = a[i, j]; m[i, n] = b[i]; }
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            for (var j = 0; j <= n; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = m[r, col] / m[col, col];
                for (var j = col; j <= n; j++) m[r, j] -= f * m[col, j];
            }
        }
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = m[i, n] / m[i, i];
        return x;
    }

    static MatchingOptions Copy(MatchingOptions o)
    {
        var copy = new MatchingOptions();
        foreach (var p in typeof(MatchingOptions).GetProperties().Where(p => p.CanWrite)) p.SetValue(copy, p.GetValue(o));
        return copy;
    }
}
