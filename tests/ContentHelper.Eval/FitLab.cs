using System.Numerics.Tensors;
using ContentHelper.Api.Matching;

namespace ContentHelper.Eval;

/// <summary>Exploration: a logistic model over similarity, calibration and lexical features, fitted on one corpus and tested on the other.</summary>
internal static class FitLab
{
    const int D = TextEmbedder.Dimensions;

    public sealed record ProtocolData(string Name, string Corpus, double[][][] Features, string?[] ContactLabel, string[] Truth, string[] Labels);

    public static readonly string[] Names =
    [
        "sLead", "sMeanP", "sKey", "sBest", "genMeanP", "sdMeanP", "zW", "refMean", "refSd", "zR", "lex", "lexLog",
    ];

    /// <summary>Features of every (article, contact) pair of one protocol.</summary>
    public static double[][][] Build(RelevanceLab.Doc[] docs, InterestIndex index, int[] phraseOf, List<RelevanceLab.Doc> background,
        float[] reference, int referenceCount, Func<int, int, (double Lexical, double Weight)> lexical)
    {
        var k = phraseOf.Length;
        var nulls = phraseOf.Select(p => RelevanceLab.NullOf(RelevanceLab.MeanP, index.Vector(p), background)).ToArray();
        var result = new double[docs.Length][][];
        var refSims = new double[referenceCount];
        for (var j = 0; j < docs.Length; j++)
        {
            var d = docs[j];
            for (var r = 0; r < referenceCount; r++) refSims[r] = RelevanceLab.MeanP(d, reference.AsSpan(r * D, D));
            var refMean = refSims.Average();
            var refSd = Math.Sqrt(refSims.Sum(x => (x - refMean) * (x - refMean)) / referenceCount);
            result[j] = new double[k][];
            for (var c = 0; c < k; c++)
            {
                var v = index.Vector(phraseOf[c]);
                var meanP = RelevanceLab.MeanP(d, v);
                var (lex, weight) = lexical(j, c);
                result[j][c] =
                [
                    RelevanceLab.Lead(d, v), meanP, RelevanceLab.Key(d, v), RelevanceLab.Best(d, v),
                    nulls[c].Mean, nulls[c].Std, (meanP - nulls[c].Mean) / nulls[c].Std,
                    refMean, refSd, (meanP - refMean) / refSd, lex, Math.Log(1 + weight),
                ];
            }
        }
        return result;
    }

    public static void Run(List<ProtocolData> data, IReadOnlyList<string[]> featureSets)
    {
        foreach (var set in featureSets)
        {
            var cols = set.Select(n => Array.IndexOf(Names, n)).ToArray();
            Console.WriteLine();
            Console.WriteLine($"--- features: {string.Join(' ', set)}");
            foreach (var train in new[] { "bbc", "20ng", "both" })
            {
                var trainData = data.Where(p => train == "both" || p.Corpus == train).ToList();
                var (beta, mu, sd) = Fit(trainData, cols);
                Console.WriteLine($"  trained on {train}: w = {string.Join(' ', beta.Select(b => b.ToString("0.###")))}");
                foreach (var p in data)
                {
                    var scores = p.Features.Select(f => f.Select(x => Logit(x, cols, beta, mu, sd)).ToArray()).ToArray();
                    var probs = scores.Select(s => s.Select(Sigmoid).ToArray()).ToArray();
                    Console.WriteLine($"    {(p.Corpus == train || train == "both" ? "in " : "OUT")} {p.Name,-12} {RelevanceLab.Summary(scores, p.ContactLabel, p.Truth, p.Labels)}  {FixedPoints(probs, p)}");
                }
            }
        }
    }

    static string FixedPoints(double[][] probs, ProtocolData p)
    {
        var parts = new List<string>();
        foreach (var t in new[] { 0.2, 0.35, 0.5 })
        {
            var (p1, falseRate, covP1) = AtThreshold(probs, p, t);
            parts.Add($"@{t}: P@1 {p1:0.000} false {falseRate:0.000} cov {covP1:0.000}");
        }
        return string.Join(" | ", parts);
    }

    public static (double P1, double False, double CovP1) AtThreshold(double[][] scores, ProtocolData p, double t, int splits = 10)
    {
        var n = p.Truth.Length;
        double p1 = 0;
        for (var i = 0; i < n; i++)
        {
            var (prec, _) = RelevanceLab.Rank(scores[i], p.ContactLabel, p.Truth[i]);
            if (scores[i].Max() >= t) p1 += prec;
        }
        double fc = 0, un = 0, cr = 0, cov = 0;
        var random = new Random(20261201);
        for (var s = 0; s < splits; s++)
        {
            var removed = p.Labels.OrderBy(_ => random.Next()).Take((p.Labels.Length + (s % 2)) / 2).ToHashSet();
            for (var i = 0; i < n; i++)
            {
                var top = -1;
                for (var c = 0; c < p.ContactLabel.Length; c++)
                    if ((p.ContactLabel[c] is null || !removed.Contains(p.ContactLabel[c]!)) && (top < 0 || scores[i][c] > scores[i][top])) top = c;
                var speaks = scores[i][top] >= t;
                if (removed.Contains(p.Truth[i])) { un++; fc += speaks ? 1 : 0; }
                else { cov++; cr += speaks && p.ContactLabel[top] == p.Truth[i] ? 1 : 0; }
            }
        }
        return (p1 / n, fc / un, cr / cov);
    }

    static double Logit(double[] x, int[] cols, double[] beta, double[] mu, double[] sd)
    {
        var z = beta[0];
        for (var k = 0; k < cols.Length; k++) z += beta[k + 1] * (x[cols[k]] - mu[k]) / sd[k];
        return z;
    }

    static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>L2-regularised logistic regression by Newton steps on standardised features; each article weighs the same in each protocol.</summary>
    public static (double[] Beta, double[] Mu, double[] Sd) Fit(List<ProtocolData> data, int[] cols, double l2 = 1.0)
    {
        var rows = new List<(double[] X, double Y, double W)>();
        foreach (var p in data)
        {
            var perArticle = 1.0 / p.Truth.Length;
            for (var j = 0; j < p.Truth.Length; j++)
                for (var c = 0; c < p.ContactLabel.Length; c++)
                    rows.Add(([.. cols.Select(k => p.Features[j][c][k])], p.ContactLabel[c] == p.Truth[j] ? 1 : 0, perArticle / p.ContactLabel.Length * 1000));
        }
        var m = cols.Length;
        var mu = new double[m];
        var sd = new double[m];
        for (var k = 0; k < m; k++)
        {
            mu[k] = rows.Average(r => r.X[k]);
            sd[k] = Math.Max(1e-9, Math.Sqrt(rows.Average(r => (r.X[k] - mu[k]) * (r.X[k] - mu[k]))));
        }
        var beta = new double[m + 1];
        for (var iter = 0; iter < 30; iter++)
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
                var pr = Sigmoid(eta);
                for (var a = 0; a <= m; a++)
                {
                    g[a] += w * (y - pr) * z[a];
                    for (var b = 0; b <= m; b++) h[a, b] += w * pr * (1 - pr) * z[a] * z[b];
                }
            }
            for (var a = 1; a <= m; a++) { g[a] -= l2 * beta[a]; h[a, a] += l2; }
            var step = Solve(h, g);
            for (var a = 0; a <= m; a++) beta[a] += step[a];
            if (step.Max(Math.Abs) < 1e-6) break;
        }
        return (beta, mu, sd);
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
}
