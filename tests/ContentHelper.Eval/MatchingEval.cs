using ContentHelper.Api.Articles;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Eval;

/// <summary>
/// The matching protocol of the corpus README: for each article, where does the first contact of its true topic
/// land (P@1, Hit@3, MRR), and when that topic's contacts are removed, does the matcher say "no strong match"
/// (false-suggestion rate) while still placing covered articles right (covered P@1)? Runs lexical-only,
/// embedding-only, a fixed-threshold cosine baseline and the combined matcher over the same analysed articles.
/// </summary>
internal static class MatchingEval
{
    private sealed record EvalArticle(string Topic, string Id, Article Article);
    private sealed record PhraseSet(string Name, Dictionary<string, string[]> Topics, string[] Distractors);
    private sealed record EvalContact(Guid Id, string? Topic, string[] Interests);
    private sealed record Method(string Name, double Threshold, Func<ArticleAnalysis, InterestIndex, double[]> Score);

    private static readonly string[] Topics = ["business", "entertainment", "politics", "sport", "tech"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine("matching <corpus-dir> [--contacts file] [--set Key=Value] [--sweep] [--limit N] [--thresholds 0.4,0.5] [--vector-cache file] [--combined-only] [--variant K=V,K=V ...]"); return 2; }
        var corpus = args[0];
        var ownContacts = Path.Combine(AppContext.BaseDirectory, "own-contacts.json");
        var overrides = new List<(string Key, string Value)>();
        var sweep = false;
        var limit = int.MaxValue;
        double[]? thresholds = null;
        string? vectorCache = null;
        var combinedOnly = false;
        var variants = new List<(string Key, string Value)[]>();
        for (var i = 1; i < args.Length; i++)
            switch (args[i])
            {
                case "--contacts": ownContacts = args[++i]; break;
                case "--set": var kv = args[++i].Split('=', 2); overrides.Add((kv[0], kv[1])); break;
                case "--sweep": sweep = true; break;
                case "--limit": limit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--thresholds": thresholds = [.. args[++i].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))]; break;
                case "--vector-cache": vectorCache = args[++i]; break;
                case "--combined-only": combinedOnly = true; break;
                case "--variant": variants.Add([.. args[++i].Split(',').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1]))]); break;
            }

        var options = Apply(new MatchingOptions { ArticleCacheSize = 10_000 }, overrides);
        var topicsOptions = Options.Create(new TopicsOptions());
        var extractor = new TopicExtractor(topicsOptions);
        using var embedder = new TextEmbedder(Options.Create(options), NullLogger<TextEmbedder>.Instance);
        var loadWatch = Stopwatch.StartNew();
        await embedder.StartLoading();
        Console.WriteLine($"model loaded in {loadWatch.ElapsedMilliseconds} ms; {Environment.ProcessorCount} cores; options: {Describe(options)}");

        InterestMatcher Matcher(MatchingOptions o) => new(extractor, embedder, Options.Create(o), topicsOptions);
        using var combined = Matcher(options);
        using var lexical = Matcher(Apply(Copy(options), [("UseEmbeddings", "false")]));
        using var embedding = Matcher(Apply(Copy(options), [("UseLexical", "false")]));

        var articles = LoadCorpus(corpus, limit);
        Console.WriteLine($"{articles.Count} articles from {corpus}");

        // Article analysis (topic extraction + passage and key-phrase embedding) once per article; every method
        // and contact set below reuses it, as the per-article cache does in the service.
        var analyses = new ArticleAnalysis[articles.Count];
        var embedMs = new double[articles.Count];
        var analyseWatch = Stopwatch.StartNew();
        var cached = vectorCache is not null && File.Exists(vectorCache) ? VectorCache.Read(vectorCache) : null;
        for (var i = 0; i < articles.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var key = $"{articles[i].Topic}/{articles[i].Id}";
            analyses[i] = cached is not null && cached.TryGetValue(key, out var vectors)
                ? VectorCache.Restore(extractor.Extract(articles[i].Article), vectors, options)
                : combined.Analyze(articles[i].Article);
            embedMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        if (cached is not null) Console.WriteLine($"article vectors read from {vectorCache} (latency below is not the model's)");
        else if (vectorCache is not null)
            VectorCache.Write(vectorCache, articles.Select((a, i) => ($"{a.Topic}/{a.Id}", analyses[i])));
        Console.WriteLine($"analysed in {analyseWatch.Elapsed.TotalSeconds:0.0} s; per article (topics + embedding): p50 {Percentile(embedMs, 50):0.0} ms, p99 {Percentile(embedMs, 99):0.0} ms, mean {embedMs.Average():0.0} ms");
        var topicWatch = Stopwatch.StartNew();
        foreach (var a in articles) extractor.Extract(a.Article);
        Console.WriteLine($"topic extraction alone: {topicWatch.Elapsed.TotalMilliseconds / articles.Count:0.00} ms per article");
        foreach (var topic in Topics)
        {
            var i = articles.FindIndex(a => a.Topic == topic);
            if (i >= 0) Console.WriteLine($"  topics of {topic}/{articles[i].Id}: {string.Join(", ", analyses[i].Topics.Topics.Take(8).Select(t => $"{t.Phrase} {t.Weight:0.00}"))}");
        }

        var sets = new List<PhraseSet> { LoadPhraseSet("BBC contacts.json", Path.Combine(corpus, "contacts.json")) };
        if (File.Exists(ownContacts)) sets.Add(LoadPhraseSet("own phrasings", ownContacts));

        foreach (var set in sets)
        {
            var phrases = set.Topics.Values.SelectMany(p => p).Concat(set.Distractors).ToList();
            var vectors = await combined.EmbedPhrasesAsync(phrases);
            foreach (var setting in new[] { "A", "B" })
            {
                var contacts = Contacts(set, setting);
                Console.WriteLine();
                Console.WriteLine($"== {set.Name}, setting {setting}: {contacts.Count} contacts ==");
                Console.WriteLine($"{"method",-34} {"P@1",6} {"Hit@3",6} {"MRR",6} {"false",6} {"covP@1",6} {"sugP@1",6}   per-topic P@1 (bus ent pol spo tec)   match p50/p99 ms");
                var methods = new List<Method>
                {
                    new("lexical only", lexical.Options.MinScore, (a, idx) => lexical.Score(a, idx).ContactScores),
                    new("cosine, fixed threshold 0.123", 0.123, LeadCosine),
                    new("embedding only (calibrated)", embedding.Options.MinScore, (a, idx) => embedding.Score(a, idx).ContactScores),
                    new("combined", combined.Options.MinScore, (a, idx) => combined.Score(a, idx).ContactScores),
                };
                foreach (var method in methods.Where(m => !combinedOnly || m.Name == "combined"))
                    Evaluate(method, articles, analyses, contacts, vectors, method.Name == "combined" && thresholds is not null ? thresholds : [method.Threshold]);

                foreach (var variant in variants)
                {
                    var o = Apply(Copy(options), variant);
                    using var m = Matcher(o);
                    Evaluate(new Method(string.Join(' ', variant.Select(p => $"{p.Key}={p.Value}")), o.MinScore, (a, idx) => m.Score(a, idx).ContactScores),
                        articles, analyses, contacts, vectors, thresholds ?? [o.MinScore]);
                }

                if (sweep)
                    Sweep(extractor, embedder, topicsOptions, options, articles, analyses, contacts, vectors);
            }
        }
        return 0;
    }

    // The fixed-threshold baseline of the corpus README: cosine of each phrase with the title + lead passage.
    private static double[] LeadCosine(ArticleAnalysis a, InterestIndex index)
    {
        var lead = a.PassageVectors.AsSpan(0, TextEmbedder.Dimensions);
        var result = new double[index.ContactCount];
        for (var c = 0; c < index.ContactCount; c++)
        {
            var best = double.MinValue;
            for (var k = index.ContactStart[c]; k < index.ContactStart[c + 1]; k++)
                best = Math.Max(best, TensorPrimitives.Dot(index.Vector(index.ContactPhrases[k]), lead));
            result[c] = best;
        }
        return result;
    }

    private static void Sweep(TopicExtractor extractor, TextEmbedder embedder, IOptions<TopicsOptions> topicsOptions, MatchingOptions baseOptions,
        List<EvalArticle> articles, ArticleAnalysis[] analyses, List<EvalContact> contacts, Dictionary<string, float[]> vectors)
    {
        // Scoring knobs that need no new embeddings; the threshold curve is printed for each.
        (string, string)[][] grid =
        [
            [("LeadPassageWeight", "0.5"), ("BestPassageWeight", "0.5"), ("KeyPhraseWeight", "0")],
            [("SemanticMidpoint", "2")],
            [("SemanticMidpoint", "3")],
            [("PartialLexicalWeight", "0")],
            [("SecondInterestBonus", "0")],
        ];
        foreach (var point in grid)
        {
            var o = Apply(Copy(baseOptions), point);
            using var m = new InterestMatcher(extractor, embedder, Options.Create(o), topicsOptions);
            Evaluate(new Method(string.Join(' ', point.Select(p => $"{p.Item1.Replace("Weight", "")}={p.Item2}")), o.MinScore, (a, idx) => m.Score(a, idx).ContactScores),
                articles, analyses, contacts, vectors, [0.4, 0.5, 0.6]);
        }
    }

    private static void Evaluate(Method method, List<EvalArticle> articles, ArticleAnalysis[] analyses, List<EvalContact> contacts,
        Dictionary<string, float[]> vectors, double[] thresholds)
    {
        var index = Index(contacts, vectors);
        double p1 = 0, hit3 = 0, mrr = 0;
        // P@1 as a user of the API sees it: every contact present, and an article without a suggestion is a miss.
        var suggestedP1 = new double[thresholds.Length];
        var topicP1 = Topics.ToDictionary(t => t, _ => (Sum: 0.0, N: 0));
        var matchMs = new double[articles.Count];
        for (var i = 0; i < articles.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var scores = method.Score(analyses[i], index);
            matchMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var (precision, rank) = RankOfTopic(scores, contacts, articles[i].Topic);
            p1 += precision;
            var max = scores.Length == 0 ? 0 : scores.Max();
            for (var k = 0; k < thresholds.Length; k++) suggestedP1[k] += max >= thresholds[k] ? precision : 0;
            hit3 += rank <= 3 ? 1 : 0;
            mrr += 1 / rank;
            var t = topicP1[articles[i].Topic];
            topicP1[articles[i].Topic] = (t.Sum + precision, t.N + 1);
        }

        // Remove one topic's contacts at a time: its articles should get no suggestion, the others the right one.
        var falseCount = new double[thresholds.Length];
        var coveredRight = new double[thresholds.Length];
        int uncovered = 0, covered = 0;
        foreach (var removed in Topics)
        {
            var kept = contacts.Where(c => c.Topic != removed).ToList();
            var keptIndex = Index(kept, vectors);
            for (var i = 0; i < articles.Count; i++)
            {
                var scores = method.Score(analyses[i], keptIndex);
                var top = 0;
                for (var c = 1; c < scores.Length; c++) if (scores[c] > scores[top]) top = c;
                var isUncovered = articles[i].Topic == removed;
                if (isUncovered) uncovered++; else covered++;
                for (var k = 0; k < thresholds.Length; k++)
                {
                    var suggests = scores[top] >= thresholds[k];
                    if (isUncovered) falseCount[k] += suggests ? 1 : 0;
                    else coveredRight[k] += suggests && kept[top].Topic == articles[i].Topic ? 1 : 0;
                }
            }
        }

        var n = articles.Count;
        var perTopic = string.Join(' ', Topics.Select(t => topicP1[t].N == 0 ? " -  " : $"{topicP1[t].Sum / topicP1[t].N:0.00}"));
        for (var k = 0; k < thresholds.Length; k++)
        {
            var name = thresholds.Length == 1 ? method.Name : $"{method.Name} @{thresholds[k]:0.0#}";
            Console.WriteLine($"{name,-34} {p1 / n,6:0.000} {hit3 / n,6:0.000} {mrr / n,6:0.000} {falseCount[k] / uncovered,6:0.000} {coveredRight[k] / covered,6:0.000} {suggestedP1[k] / n,6:0.000}   {perTopic}   {Percentile(matchMs, 50):0.000}/{Percentile(matchMs, 99):0.000}");
        }
    }

    // P@1 credit and rank of the best contact of the true topic; ties share the credit (a lexical method often
    // scores everyone 0, which must not count as a hit for whoever happens to come first).
    private static (double Precision, double Rank) RankOfTopic(double[] scores, List<EvalContact> contacts, string topic)
    {
        var best = double.MinValue;
        for (var c = 0; c < contacts.Count; c++) if (contacts[c].Topic == topic) best = Math.Max(best, scores[c]);
        int higher = 0, tiedOthers = 0;
        for (var c = 0; c < contacts.Count; c++)
        {
            if (scores[c] > best) higher++;
            else if (scores[c] == best && contacts[c].Topic != topic) tiedOthers++;
        }
        var precision = higher > 0 ? 0 : 1.0 / (1 + tiedOthers);
        return (precision, 1 + higher + tiedOthers / 2.0);
    }

    private static InterestIndex Index(List<EvalContact> contacts, Dictionary<string, float[]> vectors) =>
        InterestIndex.Build(contacts.Select(c => (c.Id, (IReadOnlyList<string>)c.Interests)), p => vectors.TryGetValue(p, out var v) ? v : null);

    private static List<EvalContact> Contacts(PhraseSet set, string setting)
    {
        var contacts = new List<EvalContact>();
        var n = 0;
        Guid NextId() => new(++n, 0, 0, new byte[8]);
        if (setting == "A")
            foreach (var (topic, phrases) in set.Topics) contacts.Add(new EvalContact(NextId(), topic, phrases));
        else
        {
            foreach (var (topic, phrases) in set.Topics)
                foreach (var phrase in phrases) contacts.Add(new EvalContact(NextId(), topic, [phrase]));
            foreach (var distractor in set.Distractors) contacts.Add(new EvalContact(NextId(), null, [distractor]));
        }
        return contacts;
    }

    private static PhraseSet LoadPhraseSet(string name, string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var topics = doc.RootElement.GetProperty("topics").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
        var distractors = doc.RootElement.GetProperty("distractors").EnumerateArray().Select(v => v.GetString()!).ToArray();
        return new PhraseSet(name, topics, distractors);
    }

    // Through the real parser, as the extension's request would go.
    private static readonly ArticleParser Parser = new();

    private static List<EvalArticle> LoadCorpus(string corpus, int limitPerTopic)
    {
        var articles = new List<EvalArticle>();
        foreach (var topic in Topics)
            foreach (var file in Directory.GetFiles(Path.Combine(corpus, "bbc", topic), "*.txt").Order(StringComparer.Ordinal).Take(limitPerTopic))
            {
                // Line 1 is the headline, then a blank line, then paragraphs separated by blank lines.
                var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
                var headline = lines[0].Trim();
                var paragraphs = string.Join('\n', lines.Skip(1)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(p => p.Length > 0).ToList();
                var id = Path.GetFileNameWithoutExtension(file);
                var url = $"https://news.example/{topic}/{id}";
                articles.Add(new EvalArticle(topic, id, Parser.ParseAsync(WrapAsHtml(headline, paragraphs), url, CancellationToken.None).GetAwaiter().GetResult()));
            }
        return articles;
    }

    /// <summary>The protocol's minimal page: &lt;title&gt; and &lt;h1&gt; are the headline, one &lt;p&gt; per paragraph.</summary>
    private static string WrapAsHtml(string headline, IReadOnlyList<string> paragraphs)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(headline)).Append("</title></head><body><article><h1>")
            .Append(WebUtility.HtmlEncode(headline)).Append("</h1>");
        foreach (var p in paragraphs) html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        return html.Append("</article></body></html>").ToString();
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    private static MatchingOptions Copy(MatchingOptions o) => Apply(new MatchingOptions(), typeof(MatchingOptions).GetProperties()
        .Select(p => (p.Name, Convert.ToString(p.GetValue(o), CultureInfo.InvariantCulture) ?? "")).Where(kv => kv.Item2 != "").ToList());

    private static MatchingOptions Apply(MatchingOptions o, IEnumerable<(string Key, string Value)> values)
    {
        foreach (var (key, value) in values)
        {
            var property = typeof(MatchingOptions).GetProperty(key) ?? throw new ArgumentException($"No option {key}");
            property.SetValue(o, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }
        return o;
    }

    private static string Describe(MatchingOptions o) => string.Join(", ", typeof(MatchingOptions).GetProperties()
        .Where(p => p.Name is not ("ModelDirectory" or "ArticleCacheSize" or "MaxMatches" or "MaxReasons"))
        .Select(p => $"{p.Name}={Convert.ToString(p.GetValue(o), CultureInfo.InvariantCulture)}"));
}
