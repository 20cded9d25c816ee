using System.Text.Json;

namespace ContentHelper.Eval;

/// <summary>
/// Human judgments of a page's main text, scored the way trafilatura's evaluation does (tests/evaldata.py):
/// per page, short verbatim strings the text must contain ("with": body text) and must not ("without": title,
/// captions, related links, share labels, bylines…). A found "with" is a true positive, a missing one a false
/// negative; a present "without" a false positive. Unlike the Readability corpus's expected bodies, these were
/// written by people deciding what a reader calls the article, so an extractor cannot score well here by
/// copying Readability's habits (keeping captions, tables of contents, "Continue reading").
/// </summary>
internal static class SnippetLabels
{
    private sealed record Label(string[] With, string[] Without, string? Note);

    public static Dictionary<string, (string[] With, string[] Without)> Load(string path)
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, Label>>(File.ReadAllText(path),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"{path}: no labels");
        return labels.ToDictionary(l => l.Key, l => (l.Value.With ?? [], l.Value.Without ?? []));
    }

    public static void Report(Dictionary<string, (string[] With, string[] Without)> labels,
        IReadOnlyDictionary<string, string> texts, bool verbose)
    {
        int tp = 0, fn = 0, fp = 0, tn = 0, pages = 0, clean = 0;
        var misses = new List<string>();
        foreach (var (slug, (with, without)) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!texts.TryGetValue(slug, out var raw))
            {
                continue;
            }
            pages++;
            var text = Collapse(raw);
            int pageErrors = 0;
            foreach (var snippet in with)
            {
                bool found = text.Contains(Collapse(snippet), StringComparison.Ordinal);
                tp += found ? 1 : 0;
                fn += found ? 0 : 1;
                if (!found)
                {
                    pageErrors++;
                    misses.Add($"{slug}: missing \"{snippet}\"");
                }
            }
            foreach (var snippet in without)
            {
                bool present = text.Contains(Collapse(snippet), StringComparison.Ordinal);
                fp += present ? 1 : 0;
                tn += present ? 0 : 1;
                if (present)
                {
                    pageErrors++;
                    misses.Add($"{slug}: kept \"{snippet}\"");
                }
            }
            clean += pageErrors == 0 ? 1 : 0;
        }
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double accuracy = (double)(tp + tn) / Math.Max(1, tp + tn + fp + fn);
        Console.WriteLine($"human labels: pages {pages}  F1 {f1:0.000}  precision {precision:0.000}  recall {recall:0.000}  " +
            $"accuracy {accuracy:0.000}  (with found {tp}/{tp + fn}, without kept {fp}/{fp + tn}, pages without error {clean}/{pages})");
        if (verbose)
        {
            misses.ForEach(m => Console.WriteLine("  label " + m));
        }
    }

    private static string Collapse(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
