using System.Text.Json;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Eval;

/// <summary>
/// Writes what the matcher knows beyond the model (api/Matching/Knowledge, read by <see cref="Knowledge"/>): the
/// IPTC Media Topics it ships (active topics: code, parent, name, definition), their names and descriptions embedded
/// as the matcher embeds interests and articles, how each topic's cosine spreads over ordinary news (mean and spread
/// over a background of Wikinews articles, so an article's closeness to a topic reads as unusual or not), and how
/// common each word stem is in that news (so one everyday word never makes a match). Deterministic for the model and
/// wording in force; run again when either changes.
/// </summary>
internal static class KnowledgeBuilder
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? iptc = null, background = null, output = null;
        var excluded = new List<string>();
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--iptc": iptc = args[++i]; break;
                case "--background": background = args[++i]; break;
                case "--exclude": excluded.Add(args[++i]); break;
                case "--out": output = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (iptc is null || background is null || output is null)
        {
            Console.Error.WriteLine("knowledge --iptc <mediatopics.tsv> --background <wikinews-dir> [--exclude <pages.json>…] --out <api/Matching/Knowledge>");
            return 2;
        }

        var options = new MatchingOptions();
        using var embedder = new TextEmbedder(Options.Create(options), NullLogger<TextEmbedder>.Instance);
        await embedder.StartLoading();
        var topicsOptions = Options.Create(new TopicsOptions());
        var extractor = new TopicExtractor(topicsOptions);
        using var matcher = new InterestMatcher(embedder, Options.Create(options), topicsOptions);

        // IPTC: the active topics, parents before children as the file lists them.
        var rows = File.ReadAllLines(iptc).Skip(1).Select(l => l.Split('\t')).Where(r => r.Length > 5 && r[5].Length == 0).ToList();
        var active = rows.Select(r => r[0]).ToHashSet();
        var topics = rows.Select(r => new Knowledge.Topic(r[0], active.Contains(r[1]) ? r[1] : null, r[3], r[4])).ToList();
        Directory.CreateDirectory(output);
        await File.WriteAllLinesAsync(Path.Combine(output, Knowledge.TopicsFile),
            ["code\tparent\tname\tdefinition", .. topics.Select(t => $"{t.Code}\t{t.Parent}\t{t.Name}\t{t.Definition}")]);
        var names = embedder.Embed([.. topics.Select(t => options.QueryPrefix + t.Name)], options.MaxTokens);
        var descriptions = embedder.Embed([.. topics.Select(t => Knowledge.Describe(t))], options.MaxTokens);

        // The background: every Wikinews article but those a graded set judges (they must not shape their own scores).
        var judged = excluded.SelectMany(f =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            return doc.RootElement.EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        }).ToHashSet();
        var texts = EvalCorpora.WikinewsTexts(background).Where(t => !judged.Contains(t.Title)).ToList();
        var means = new List<float[]>();
        var stemDocuments = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (title, paragraphs) in texts)
        {
            var article = EvalCorpora.Parse(title, paragraphs, "https://background.example/");
            var articleTopics = extractor.Extract(article);
            foreach (var stem in articleTopics.Text.Sentences.SelectMany(s => s.ContentStems).Distinct())
                stemDocuments[stem] = stemDocuments.GetValueOrDefault(stem) + 1;
            means.Add(matcher.AnalyzeUncached(article, articleTopics).MeanPassage());
        }
        var stats = new (float Mean, float Spread)[topics.Count];
        for (var t = 0; t < topics.Count; t++)
        {
            var d = descriptions.AsSpan(t * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray();
            var cos = means.Select(m => (double)System.Numerics.Tensors.TensorPrimitives.Dot(d, m)).ToArray();
            var mean = cos.Average();
            stats[t] = ((float)mean, (float)Math.Sqrt(cos.Average(c => (c - mean) * (c - mean))));
        }
        // Stems in at least 1% of the background: the everyday words whose weight matching lowers.
        var common = stemDocuments.Where(s => s.Value >= Math.Max(2, texts.Count / 100)).OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s.Key, (float)s.Value / texts.Count)).ToList();

        Knowledge.Write(Path.Combine(output, Knowledge.VectorsFile), options.VectorModel, names, descriptions, stats, common, texts.Count);
        Console.WriteLine($"{topics.Count} topics, {texts.Count} background articles, {common.Count} common stems → {output}");
        return 0;
    }
}
