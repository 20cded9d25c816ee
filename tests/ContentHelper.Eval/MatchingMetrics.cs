namespace ContentHelper.Eval;

/// <summary>The measures every matching report shares, so the tables of docs/matching.md all count the same way.</summary>
internal static class MatchingMetrics
{
    /// <summary>
    /// P@1 credit and rank of the best contact of the true label; ties share the credit (a lexical method often
    /// scores everyone 0, which must not count as a hit for whoever happens to come first).
    /// </summary>
    public static (double Precision, double Rank) Rank(double[] scores, string?[] contactLabel, string label)
    {
        var best = double.MinValue;
        for (var c = 0; c < scores.Length; c++) if (contactLabel[c] == label) best = Math.Max(best, scores[c]);
        int higher = 0, tied = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            if (scores[c] > best) higher++;
            else if (scores[c] == best && contactLabel[c] != label) tied++;
        }
        return (higher > 0 ? 0 : 1.0 / (1 + tied), 1 + higher + tied / 2.0);
    }

    /// <summary>
    /// Half of the labels lose their contacts, chosen at random per split (seeded, the same for every method): for
    /// each split and article, the best remaining contact's score, whether the article's label was removed, and
    /// whether that contact is of the article's label.
    /// </summary>
    public static List<(double Top, bool Uncovered, bool Right)> HalfCovered(double[][] scores, string?[] contactLabel, string[] truth, string[] labels, int splits = 10)
    {
        var result = new List<(double, bool, bool)>();
        foreach (var removed in RemovedLabels(labels, splits))
        {
            for (var i = 0; i < truth.Length; i++)
            {
                var top = -1;
                for (var c = 0; c < contactLabel.Length; c++)
                    if ((contactLabel[c] is null || !removed.Contains(contactLabel[c]!)) && (top < 0 || scores[i][c] > scores[i][top])) top = c;
                result.Add((scores[i][top], removed.Contains(truth[i]), contactLabel[top] == truth[i]));
            }
        }
        return result;
    }

    /// <summary>The labels whose contacts each split removes: seeded, the same for every method.</summary>
    public static List<HashSet<string>> RemovedLabels(string[] labels, int splits = 10)
    {
        var random = new Random(20261201);
        return [.. Enumerable.Range(0, splits).Select(s => labels.OrderBy(_ => random.Next()).Take((labels.Length + (s % 2)) / 2).ToHashSet())];
    }

    /// <summary>At one threshold: the share of uncovered articles still given a suggestion (false) and of covered ones given the right one first (covP@1).</summary>
    public static (double False, double CovP1) AtThreshold(List<(double Top, bool Uncovered, bool Right)> half, double threshold)
    {
        var uncovered = half.Where(h => h.Uncovered).ToList();
        var covered = half.Where(h => !h.Uncovered).ToList();
        return (uncovered.Count(h => h.Top >= threshold) / (double)uncovered.Count, covered.Count(h => h.Top >= threshold && h.Right) / (double)covered.Count);
    }
}
