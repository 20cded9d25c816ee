using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Eval;

/// <summary>
/// Does the right contact get the article? For each protocol (a corpus and a set of contacts, one interest phrase
/// each, plus distractors that fit no topic) and each method, where the first contact of the article's true label
/// lands (P@1 counting silence as a miss, as a user of the API sees it; Hit@3; MRR), how often a covered article
/// gets no suggestion, per-label P@1, and — with a random half of the labels' contacts removed, over several
/// seeded splits — how often an uncovered article still gets a suggestion (false) while covered ones get the right
/// contact first (covP@1). Scores per contact depend only on that contact's phrases, so each method scores every
/// article against all contacts once and the splits are read off that matrix.
/// </summary>
internal static class MatchingEval
{
    /// <summary>Contacts (label null: a distractor) and the articles scored, each with its true label.</summary>
    private sealed record Protocol(string Name, string Corpus, List<EvalContact> Contacts, int[] Articles, string[] Truth, string[] Labels, bool Train = true);
    /// <summary>A contact with typed interests, or (headline protocols) only a headline, read into implicit interests as the API reads one.</summary>
    private sealed record EvalContact(Guid Id, string? Label, string[] Interests, string? Headline = null, IReadOnlyList<ImplicitInterest>? Implicit = null)
    {
        public IReadOnlyList<ImplicitInterest> Inferred => Implicit ?? [];
    }
    private sealed record Method(string Name, double[] Thresholds, Func<int, ArticleAnalysis, InterestIndex, double[]> Score);

    private static readonly ImplicitInterests HeadlineReader = new(Options.Create(new ImportOptions()));

    public static async Task<int> RunAsync(string[] args)
    {
        string? bbc = null, newsgroups = null, background = null, cacheDir = null;
        var limit = int.MaxValue;
        var splits = 10;
        double[]? thresholds = null;
        string[]? only = null;
        var variants = new List<(string Key, string Value)[]>();
        string? explore = null;
        var fit = false;
        var fitData = new List<FitLab.ProtocolData>();
        string? abstainOn = null;
        var abstainData = new List<AbstainLab.ProtocolRows>();
        var sets = new List<(string Key, string Value)>();
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--bbc": bbc = args[++i]; break;
                case "--20ng": newsgroups = args[++i]; break;
                case "--background": background = args[++i]; break;
                case "--cache": cacheDir = args[++i]; break;
                case "--limit": limit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--splits": splits = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--thresholds": thresholds = [.. args[++i].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))]; break;
                case "--protocols": only = args[++i].Split(','); break;
                case "--explore": explore = args[++i]; break;
                case "--fit": fit = true; break;
                case "--abstain": abstainOn = args[++i]; break;
                case "--set": var kv = args[++i].Split('=', 2); sets.Add((kv[0], kv[1])); break;
                case "--variant": variants.Add([.. args[++i].Split(',').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1]))]); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (bbc is null && newsgroups is null)
        {
            Console.Error.WriteLine("matching --bbc <matching-corpus-dir> --20ng <matching-20ng-dir> [--cache <dir>] [--protocols a,b] [--limit N] [--splits N] [--thresholds 0.3,0.4] [--set Key=Value] [--variant K=V,K=V] [--fit] [--abstain bbc|20ng] [--explore background|wording] [--background <wikinews-dir>]");
            return 2;
        }

        var options = Apply(new MatchingOptions { ArticleCacheMegabytes = 4 }, sets);
        var topicsOptions = Options.Create(new TopicsOptions());
        var extractor = new TopicExtractor(topicsOptions);
        using var embedder = new TextEmbedder(Options.Create(options), NullLogger<TextEmbedder>.Instance);
        await embedder.StartLoading();
        Console.WriteLine($"{Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");

        var corpora = new Dictionary<string, (List<EvalArticle> Articles, ArticleAnalysis[] Analyses, float[] Baseline)>();
        using var analyser = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
        if (bbc is not null) corpora["bbc"] = Analyse("bbc", EvalCorpora.Bbc(bbc, limit), analyser, embedder, extractor, options, cacheDir);
        if (newsgroups is not null) corpora["20ng"] = Analyse("20ng", EvalCorpora.Newsgroups(newsgroups, limit), analyser, embedder, extractor, options, cacheDir);

        List<RelevanceLab.Doc>? backgroundDocs = null;
        if (background is not null)
        {
            var texts = EvalCorpora.WikinewsTexts(background);
            var (_, bgAnalyses, bgBaseline) = Analyse("wikinews", [.. texts.Select((t, i) => new EvalArticle($"wikinews/{i}", "", "", EvalCorpora.Parse(t.Title, t.Paragraphs, $"https://wikinews.example/{i}")))],
                analyser, embedder, extractor, options, cacheDir);
            backgroundDocs = [.. bgAnalyses.Select((a, i) => new RelevanceLab.Doc(a, bgBaseline.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray()))];
        }

        var protocols = LoadProtocols(bbc, corpora.ToDictionary(c => c.Key, c => c.Value.Articles));
        foreach (var (name, (articles, analyses, _)) in corpora)
            protocols.Add(ArticlePhrases($"{name}-articles", name, articles, analyses, 200));
        protocols = [.. protocols.Where(p => corpora.ContainsKey(p.Corpus) && (only is null || only.Contains(p.Name)))];
        foreach (var protocol in protocols)
        {
            var (allArticles, allAnalyses, allBaseline) = corpora[protocol.Corpus];
            var articles = protocol.Articles.Select(i => allArticles[i]).ToList();
            var analyses = protocol.Articles.Select(i => allAnalyses[i]).ToArray();
            var baseline = protocol.Articles.SelectMany(i => allBaseline.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray()).ToArray();
            var contacts = protocol.Contacts;
            var vectors = await analyser.EmbedPhrasesAsync(contacts.SelectMany(c => c.Interests.Concat(c.Inferred.Select(i => i.Interest))));
            InterestIndex IndexAt(double implicitWeight) =>
                InterestIndex.Build(contacts.Select(c => (c.Id, (IReadOnlyList<string>)c.Interests, c.Inferred)), implicitWeight, p => vectors.TryGetValue(p, out var v) ? v : null);
            var index = IndexAt(options.ImplicitWeight);
            // The baseline embeds each phrase (or a headline) as typed, with no wording around it.
            var plainPhrases = contacts.Select(c => (c.Id, (IReadOnlyList<string>)(c.Headline is { } h ? [h] : c.Interests))).ToList();
            var plainList = InterestIndex.DistinctPhrases(plainPhrases.Select(c => c.Item2)).ToList();
            var plainVectors = embedder.Embed([.. plainList], options.MaxTokens);
            var plainIndex = InterestIndex.Build(plainPhrases,
                p => plainVectors.AsMemory(plainList.IndexOf(p) * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
            var labels = protocol.Labels;
            var truth = protocol.Truth;
            string?[] contactLabels = [.. contacts.Select(c => c.Label)];

            Console.WriteLine();
            Console.WriteLine($"== {protocol.Name}: {articles.Count} articles, {contacts.Count} contacts ({labels.Length} labels, {contacts.Count(c => c.Label is null)} distractors) ==");
            if (contacts.Any(c => c.Headline is not null))
            {
                var headlines = contacts.Where(c => c.Headline is not null).ToList();
                Console.WriteLine($"  {headlines.Count} headline contacts, {headlines.Count(c => c.Inferred.Count == 0)} with nothing read from the headline; "
                    + $"{headlines.Average(c => c.Inferred.Count):0.0} implicit interests each, ImplicitWeight {options.ImplicitWeight}");
                foreach (var c in headlines) Console.WriteLine($"    {c.Label ?? "distractor",-14} {c.Headline,-42} → {string.Join(", ", c.Inferred.Select(i => i.Interest))}");
            }
            Console.WriteLine($"{"method",-36} {"P@1",6} {"Hit@3",6} {"MRR",6} {"silent",6} {"ansP@1",6} | {"false",6} {"covP@1",6}   worst label");

            if (fit)
            {
                using var featureMatcher = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
                fitData.Add(FitLab.Build(protocol.Name, protocol.Corpus, protocol.Train, analyses, index, [.. contacts.Select(c => c.Label)], truth, labels, featureMatcher));
                Console.WriteLine($"features of {protocol.Name} built");
                continue;
            }
            if (abstainOn is not null)
            {
                using var decisionMatcher = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
                abstainData.Add(AbstainLab.Build(protocol.Name, protocol.Corpus, protocol.Train, analyses, index, [.. contacts.Select(c => c.Label)], truth, labels, decisionMatcher, splits));
                Console.WriteLine($"decision rows of {protocol.Name} built");
                continue;
            }
            if (explore is not null && contacts.All(c => c.Interests.Length == 1))
            {
                using var model = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
                RelevanceLab.Explore(explore, analyses, baseline, [.. contacts.Select(c => c.Label)], index, truth, labels, backgroundDocs, model, embedder, options);
                continue;
            }

            using var current = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
            var methods = new List<Method>
            {
                new("cosine headline+200 words", [double.NegativeInfinity], (i, _, _) => Cosine(baseline.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions), plainIndex)),
                new($"relevance model, MinScore {options.MinScore}", thresholds ?? [options.MinScore], (_, a, idx) => current.Score(a, idx).ContactScores),
            };
            foreach (var variant in variants)
            {
                var o = Apply(new MatchingOptions { ArticleCacheMegabytes = 4 }, variant);
                var m = new InterestMatcher(embedder, Options.Create(o), topicsOptions);
                // The implicit weight is part of the index: a variant of it reads its own.
                var variantIndex = o.ImplicitWeight == options.ImplicitWeight ? null : IndexAt(o.ImplicitWeight);
                methods.Add(new(string.Join(' ', variant.Select(p => $"{p.Key}={p.Value}")), thresholds ?? [o.MinScore], (_, a, idx) => m.Score(a, variantIndex ?? idx).ContactScores));
            }

            foreach (var method in methods)
            {
                var started = Stopwatch.GetTimestamp();
                var scores = new double[articles.Count][];
                for (var i = 0; i < articles.Count; i++) scores[i] = method.Score(i, analyses[i], index);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds / articles.Count;
                Report(method, scores, contacts, truth, labels, splits, ms);
                // Where the labels are broad, each source group's share: silence or confusion may sit in a few of them.
                if (articles.Any(a => a.Group != a.Broad) && articles.Select(a => a.Broad).SequenceEqual(truth))
                    Console.WriteLine("    per group P@1 / silent: " + string.Join("  ", Enumerable.Range(0, articles.Count).GroupBy(i => articles[i].Group).Select(g =>
                        $"{g.Key} {g.Average(i => scores[i].Max() >= method.Thresholds[0] ? MatchingMetrics.Rank(scores[i], contactLabels, truth[i]).Precision : 0):0.00}"
                        + $" / {g.Average(i => scores[i].Max() < method.Thresholds[0] ? 1.0 : 0):0.00}")));
                if (method.Thresholds[0] > 0) Calibration(scores, contacts, truth);
            }
        }
        if (abstainOn is not null) AbstainLab.Run(abstainData, abstainOn, options);
        if (fit)
            FitLab.Run(fitData, options, o => new InterestMatcher(embedder, Options.Create(o), topicsOptions), thresholds ?? [0.2, 0.3, 0.4, 0.5]);
        return 0;
    }

    /// <summary>
    /// Is the relevance a probability? Every contact above 0.1 on every article (all contacts present), bucketed by
    /// its relevance: the share that are of the article's label should rise with the bucket and sit near it.
    /// </summary>
    private static void Calibration(double[][] scores, List<EvalContact> contacts, string[] truth)
    {
        var buckets = new (int N, int Right)[10];
        for (var i = 0; i < truth.Length; i++)
            for (var c = 0; c < contacts.Count; c++)
            {
                if (scores[i][c] < 0.1) continue;
                var b = Math.Min(9, (int)(scores[i][c] * 10));
                buckets[b] = (buckets[b].N + 1, buckets[b].Right + (contacts[c].Label == truth[i] ? 1 : 0));
            }
        Console.WriteLine("  calibration (relevance bucket: share right, of n): " + string.Join("  ", Enumerable.Range(1, 9)
            .Where(b => buckets[b].N > 0).Select(b => $"{b / 10.0:0.0}+: {(double)buckets[b].Right / buckets[b].N:0.00} ({buckets[b].N})")));
    }

    private static void Report(Method method, double[][] scores, List<EvalContact> contacts, string[] truth, string[] labels, int splits, double msPerArticle)
    {
        var n = truth.Length;
        string?[] contactLabel = [.. contacts.Select(c => c.Label)];
        var half = MatchingMetrics.HalfCovered(scores, contactLabel, truth, labels, splits);
        // Every method at its own threshold for at most a quarter of uncovered articles answered: the abstention
        // protocol compared at an equal false rate, cosine included.
        Console.WriteLine($"  {method.Name}, no silence / at false 0.25: {RelevanceLab.Summary(scores, contactLabel, truth, labels, splits)}");
        foreach (var threshold in method.Thresholds)
        {
            double p1 = 0, hit3 = 0, mrr = 0, answered = 0, answeredRight = 0;
            var perLabel = labels.ToDictionary(l => l, _ => (Sum: 0.0, N: 0));
            for (var i = 0; i < n; i++)
            {
                var (precision, rank) = MatchingMetrics.Rank(scores[i], contactLabel, truth[i]);
                var speaks = scores[i].Max() >= threshold;
                var credit = speaks ? precision : 0;
                p1 += credit;
                hit3 += speaks && rank <= 3 ? 1 : 0;
                mrr += speaks ? 1 / rank : 0;
                if (speaks) { answered++; answeredRight += precision; }
                var t = perLabel[truth[i]];
                perLabel[truth[i]] = (t.Sum + credit, t.N + 1);
            }

            var (falseRate, covP1) = MatchingMetrics.AtThreshold(half, threshold);

            var worst = perLabel.Where(l => l.Value.N > 0).OrderBy(l => l.Value.Sum / l.Value.N).Take(3)
                .Select(l => $"{l.Key} {l.Value.Sum / l.Value.N:0.00}");
            var name = method.Thresholds.Length == 1 ? method.Name : $"{method.Name} @{threshold:0.###}";
            Console.WriteLine($"{name,-36} {p1 / n,6:0.000} {hit3 / n,6:0.000} {mrr / n,6:0.000} {1 - answered / n,6:0.000} {(answered == 0 ? 0 : answeredRight / answered),6:0.000} | {falseRate,6:0.000} {covP1,6:0.000}   {string.Join(", ", worst)}   ({msPerArticle:0.00} ms)");
            if (labels.Length <= 20 && threshold == method.Thresholds[0])
            {
                Console.WriteLine("    per label P@1: " + string.Join("  ", perLabel.Where(l => l.Value.N > 0).Select(l => $"{l.Key} {l.Value.Sum / l.Value.N:0.00}")));
                // Where the first contact goes instead, for the most frequent confusions.
                var confusions = Enumerable.Range(0, n)
                    .Select(i => (Truth: truth[i], Top: contacts[Array.IndexOf(scores[i], scores[i].Max())].Label ?? "distractor"))
                    .Where(x => x.Top != x.Truth).GroupBy(x => $"{x.Truth}→{x.Top}").OrderByDescending(g => g.Count()).Take(6);
                Console.WriteLine("    first contact elsewhere: " + string.Join("  ", confusions.Select(g => $"{g.Key} {g.Count()}")));
            }
        }
    }

    private static double[] Cosine(ReadOnlySpan<float> article, InterestIndex index)
    {
        var result = new double[index.ContactCount];
        for (var c = 0; c < index.ContactCount; c++)
        {
            result[c] = double.MinValue;
            for (var k = index.ContactStart[c]; k < index.ContactStart[c + 1]; k++)
                result[c] = Math.Max(result[c], TensorPrimitives.Dot(index.Vector(index.ContactPhrases[k]), article));
        }
        return result;
    }

    /// <summary>Topics and vectors of every article, read from the cache folder when it has them, plus the baseline's "headline + first 200 words" vector.</summary>
    private static (List<EvalArticle>, ArticleAnalysis[], float[]) Analyse(string name, List<EvalArticle> articles, InterestMatcher analyser,
        TextEmbedder embedder, TopicExtractor extractor, MatchingOptions options, string? cacheDir)
    {
        var started = Stopwatch.GetTimestamp();
        var path = cacheDir is null ? null : Path.Combine(cacheDir, $"{name}.v3.vectors");
        var cache = path is null ? new VectorCache() : VectorCache.Read(path);
        var analyses = new ArticleAnalysis[articles.Count];
        var baseline = new float[articles.Count * TextEmbedder.Dimensions];
        var embedded = 0;
        var phrasesBefore = cache.Phrases.Count;
        for (var i = 0; i < articles.Count; i++)
        {
            var a = articles[i];
            if (cache.Articles.TryGetValue(a.Key, out var entry))
            {
                analyses[i] = cache.Restore(extractor.Extract(a.Article), entry, options, embedder);
                entry.Baseline.CopyTo(baseline, i * TextEmbedder.Dimensions);
                continue;
            }
            analyses[i] = analyser.AnalyzeUncached(a.Article, extractor.Extract(a.Article));
            var words = a.Article.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(200);
            var vector = embedder.Embed([$"{a.Article.Title}. {string.Join(' ', words)}"], options.MaxTokens);
            vector.CopyTo(baseline, i * TextEmbedder.Dimensions);
            cache.Add(a.Key, analyses[i], vector);
            embedded++;
            if (embedded % 250 == 0) Console.WriteLine($"  {name}: {embedded} articles embedded");
        }
        if (path is not null && (embedded > 0 || cache.Phrases.Count > phrasesBefore)) cache.Write(path!);
        Console.WriteLine($"{name}: {articles.Count} articles, {embedded} embedded now, in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return (articles, analyses, baseline);
    }

    /// <summary>The protocols beside this tool (protocols/*.json) and, when the BBC corpus is given, its own contacts.json (one contact per phrase).</summary>
    private static List<Protocol> LoadProtocols(string? bbc, Dictionary<string, List<EvalArticle>> corpora)
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "protocols"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), f)).ToList();
        if (bbc is not null) files.Insert(0, ("bbc-corpus", Path.Combine(bbc, "contacts.json")));
        var result = new List<Protocol>();
        foreach (var (name, file) in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var corpus = root.TryGetProperty("corpus", out var c) ? c.GetString()! : "bbc";
            if (!corpora.TryGetValue(corpus, out var articles)) continue;
            var byGroup = root.TryGetProperty("label", out var l) && l.GetString() == "group";
            var contacts = new List<EvalContact>();
            Guid NextId() => new(contacts.Count + 1, 0, 0, new byte[8]);
            // A headline protocol's contacts hold a headline and nothing else: what a LinkedIn import gives.
            var byHeadline = root.TryGetProperty("headlines", out var headlineTopics);
            EvalContact Make(string? label, string text) => byHeadline
                ? new EvalContact(NextId(), label, [], text, HeadlineReader.For(new ImplicitInterests.Profile(text, null, [], null, [], [], [])))
                : new EvalContact(NextId(), label, [text]);
            var topics = (byHeadline ? headlineTopics : root.GetProperty("topics")).EnumerateObject().ToList();
            foreach (var topic in topics)
                foreach (var phrase in topic.Value.EnumerateArray()) contacts.Add(Make(topic.Name, phrase.GetString()!));
            foreach (var distractor in root.GetProperty("distractors").EnumerateArray()) contacts.Add(Make(null, distractor.GetString()!));
            var truth = articles.Select(a => byGroup ? a.Group : a.Broad).ToArray();
            // Headline protocols measure implicit interests; the relevance model is never fitted on them.
            var train = !byHeadline && (!root.TryGetProperty("train", out var t) || t.GetBoolean());
            result.Add(new Protocol(name, corpus, contacts, [.. Enumerable.Range(0, articles.Count)], truth, [.. topics.Select(t => t.Name)], train));
            // Mixed: the typed contacts of another protocol beside these, as a network where some have interests and most only a headline.
            if (byHeadline && root.TryGetProperty("with", out var with) && result.FirstOrDefault(p => p.Name == with.GetString()) is { } typed)
            {
                var mixed = typed.Contacts.Select((c, i) => c with { Id = new Guid(i + 1, 0, 0, new byte[8]) })
                    .Concat(contacts.Select((c, i) => c with { Id = new Guid(typed.Contacts.Count + i + 1, 0, 0, new byte[8]) })).ToList();
                result.Add(new Protocol($"{name}-mixed", corpus, mixed, [.. Enumerable.Range(0, articles.Count)], truth, [.. topics.Select(t => t.Name)], false));
            }
        }
        return result;
    }

    /// <summary>
    /// Fine-grained interests taken from the articles themselves: for a seeded sample of articles, one contact each
    /// holding two of that article's key phrases that are rare in the corpus (in at most 1% of its articles),
    /// as someone with a narrow interest would type them. Every other sampled article's contact is a distractor to it.
    /// </summary>
    private static Protocol ArticlePhrases(string name, string corpus, List<EvalArticle> articles, ArticleAnalysis[] analyses, int count)
    {
        // Document frequency of every content-stem 1-3-gram.
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in analyses)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sentence in a.Topics.Text.Sentences)
                for (var n = 1; n <= 3; n++)
                    for (var i = 0; i + n <= sentence.ContentStems.Length; i++)
                        seen.Add(string.Join(' ', sentence.ContentStems.AsSpan(i, n).ToArray()));
            foreach (var key in seen) df[key] = df.GetValueOrDefault(key) + 1;
        }
        var maxDf = Math.Max(2, articles.Count / 100);
        var random = new Random(20261201);
        var order = Enumerable.Range(0, articles.Count).OrderBy(_ => random.Next()).ToList();
        var contacts = new List<EvalContact>();
        var chosen = new List<int>();
        foreach (var j in order)
        {
            if (chosen.Count == count) break;
            var phrases = analyses[j].Topics.Topics
                .Select(t => (t.Phrase, Key: string.Join(' ', TermAnalyzer.ContentStems(t.Phrase))))
                .Where(t => t.Key.Length > 0 && df.GetValueOrDefault(t.Key) is > 0 and var f && f <= maxDf)
                .Select(t => t.Phrase).Take(2).ToArray();
            if (phrases.Length < 2) continue;
            chosen.Add(j);
            contacts.Add(new EvalContact(new Guid(contacts.Count + 1, 0, 0, new byte[8]), $"a{j}", phrases));
        }
        return new Protocol(name, corpus, contacts, [.. chosen], [.. chosen.Select(j => $"a{j}")], [.. chosen.Select(j => $"a{j}")]);
    }

    private static MatchingOptions Apply(MatchingOptions o, IEnumerable<(string Key, string Value)> values)
    {
        foreach (var (key, value) in values)
        {
            var property = typeof(MatchingOptions).GetProperty(key) ?? throw new ArgumentException($"No option {key}");
            property.SetValue(o, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }
        return o;
    }
}
