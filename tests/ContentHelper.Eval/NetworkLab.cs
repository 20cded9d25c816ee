using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Eval;

/// <summary>
/// A workbench for the graded networks: every page × contact × interest phrase with the matcher's features and the
/// reader's grade, so that a new kind of evidence can be judged by how well it separates the people a reader would
/// send a page to from the rest (AUC), and by the whole-list measures it would give, on every set at once — picked on
/// one, confirmed on the others. Not the product's numbers: those come from <c>network</c>, through the real API.
/// </summary>
internal static class NetworkLab
{
    internal sealed record Page(string Slug, Article Article, ArticleAnalysis Analysis, Dictionary<string, int> Grades, string[] Best);
    internal sealed record Person(string Key, string Label, List<(string Phrase, double Weight, bool Typed)> Phrases);
    internal sealed record Set(string Name, List<Page> Pages, List<Person> People, InterestIndex Index, Dictionary<string, float[]> Vectors);

    public static async Task<int> RunAsync(string[] args)
    {
        var sets = new List<string>();
        string? readability = null, background = null, cacheDir = null, taxonomyFile = null;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--network": sets.Add(args[++i]); break;
                case "--readability": readability = args[++i]; break;
                case "--background": background = args[++i]; break;
                case "--cache": cacheDir = args[++i]; break;
                case "--taxonomy": taxonomyFile = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        var options = new MatchingOptions { ArticleCacheMegabytes = 4 };
        var topicsOptions = Options.Create(new TopicsOptions());
        var extractor = new TopicExtractor(topicsOptions);
        using var embedder = new TextEmbedder(Options.Create(options), NullLogger<TextEmbedder>.Instance);
        await embedder.StartLoading();
        Embedder = embedder;
        sentenceCachePath = cacheDir is null ? null : Path.Combine(cacheDir, "sentences.vectors");
        sentenceCache = sentenceCachePath is null ? new VectorCache() : VectorCache.Read(sentenceCachePath);
        using var matcher = new InterestMatcher(embedder, Options.Create(options), topicsOptions);
        var implicitReader = new ImplicitInterests(Options.Create(new ImportOptions()));
        var parser = new ArticleParser();

        var loaded = new List<Set>();
        foreach (var dir in sets)
            loaded.Add(await LoadAsync(dir, readability, parser, extractor, matcher, implicitReader, options));

        Background? bg = null;
        if (background is not null)
        {
            var excluded = loaded.SelectMany(s => s.Pages).Select(p => p.Article.Title ?? "").ToHashSet();
            bg = Background.Load(background, excluded, parser, extractor, matcher, cacheDir);
            Console.WriteLine($"background: {bg.Leads.Length / TextEmbedder.Dimensions} articles");
            if (taxonomyFile is not null)
            {
                Iptc = Taxonomy.Load(taxonomyFile, embedder, options, bg);
                Console.WriteLine($"taxonomy: {Iptc.Names.Length} topics");
            }
        }

        if (sentenceCachePath is not null)
        {
            foreach (var set in loaded) foreach (var page in set.Pages) Sentences(page.Analysis);
            if (bg is not null) foreach (var a in bg.Analyses) Sentences(a, 40);
            sentenceCache!.Write(sentenceCachePath);
        }
        var allRows = new List<List<Row>>();
        foreach (var set in loaded)
        {
            Console.WriteLine();
            Console.WriteLine($"== {set.Name}: {set.Pages.Count} pages, {set.People.Count} contacts, {set.Index.PhraseCount} phrases ==");
            var rows = Features(set, matcher, bg);
            allRows.Add(rows);
            Report(set, rows);
        }
        // Learned on one set, judged on the other(s).
        for (var test = 0; test < loaded.Count && loaded.Count > 1; test++)
        {
            var train = allRows.Where((_, i) => i != test).SelectMany(r => r).ToList();
            var model = Logistic.Fit(train.Where(Usable).ToList(), ModelFeatures, r => r.Grade >= 1 ? 1 : 0, r => r.Grade == 2 ? 2 : 1);
            // LAB_SPLIT: a field someone typed ("science", "politics") gets a model of its own, fitted on such rows only.
            if (Environment.GetEnvironmentVariable("LAB_SPLIT") is { } split)
            {
                var broadModel = Logistic.Fit(train.Where(r => Usable(r) && Broad(r)).ToList(), BroadFeatures, r => r.Grade >= 1 ? 1 : 0, r => r.Grade == 2 ? 2 : 1);
                Console.WriteLine($"   broad model ({split}): {broadModel.Raw()}");
                model = new Logistic.Split(model, broadModel, Broad, ModelFeatures, BroadFeatures);
            }
            Console.WriteLine();
            Console.WriteLine($"== model learned without {loaded[test].Name}, judged on it: {model} ==");
            Console.WriteLine($"   raw: {model.Raw()}");
            Sweep("model", loaded[test], Contacts(allRows[test], r => Usable(r) ? model.Predict(r) : 0));
            Sweep("model ≥0.8", loaded[test], Contacts(allRows[test], r => Usable(r) ? model.Predict(r) : 0), 0.8);
            double[] fixedPoints = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
            for (var other = 0; other < loaded.Count; other++)
                Sweep($"at τ: {loaded[other].Name}", loaded[other], Contacts(allRows[other], r => Usable(r) ? model.Predict(r) * (r.Typed ? 1 : ImplicitWeight) : 0),
                    double.Parse(Environment.GetEnvironmentVariable("LAB_RATIO") ?? "0", CultureInfo.InvariantCulture), fixedPoints);
            if (Environment.GetEnvironmentVariable("LAB_MODEL_DETAILS") is not null)
                Details(loaded[test], allRows[test], r => Usable(r) ? model.Predict(r) : 0);
            if (Environment.GetEnvironmentVariable("LAB_WRONG") is { } wrongAt)
                for (var other = 0; other < loaded.Count; other++)
                    Wrong(loaded[other], allRows[other], r => Usable(r) ? model.Predict(r) * (r.Typed ? 1 : ImplicitWeight) : 0, double.Parse(wrongAt, CultureInfo.InvariantCulture));
        }
        return 0;
    }

    static async Task<Set> LoadAsync(string dir, string? readability, ArticleParser parser, TopicExtractor extractor, InterestMatcher matcher,
        ImplicitInterests implicitReader, MatchingOptions options)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        using var network = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "network.json")));
        using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "labels.json")));
        var textPages = Path.Combine(dir, "pages.json");
        Dictionary<string, (string Url, string Html)> html;
        if (File.Exists(textPages))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(textPages));
            html = doc.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("slug").GetString()!, p => (p.GetProperty("url").GetString()!,
                EvalCorpora.WrapAsHtml(p.GetProperty("title").GetString()!, EvalCorpora.Paragraphs(p.GetProperty("text").GetString()!).ToList())));
        }
        else
            html = labels.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("slug").GetString()!)
                .ToDictionary(s => s, s => ("http://fakehost/test/page.html", File.ReadAllText(Path.Combine(readability!, s, "source.html"))));

        var pages = new List<Page>();
        foreach (var p in labels.RootElement.GetProperty("pages").EnumerateArray())
        {
            var slug = p.GetProperty("slug").GetString()!;
            var article = await parser.ReadAsync(html[slug].Html, html[slug].Url, CancellationToken.None);
            var analysis = matcher.AnalyzeUncached(article, extractor.Extract(article));
            pages.Add(new Page(slug, article, analysis,
                p.GetProperty("grades").EnumerateObject().ToDictionary(g => g.Name, g => g.Value.GetInt32()),
                [.. p.GetProperty("best").EnumerateArray().Select(b => b.GetString()!)]));
        }

        var people = new List<Person>();
        var profiles = new List<(Guid, IReadOnlyList<string>, IReadOnlyList<ImplicitInterest>)>();
        foreach (var c in network.RootElement.GetProperty("contacts").EnumerateArray())
        {
            string[] interests = c.TryGetProperty("interests", out var i) ? [.. i.EnumerateArray().Select(x => x.GetString()!)] : [];
            var headline = c.TryGetProperty("headline", out var h) ? h.GetString() : null;
            var company = c.TryGetProperty("company", out var co) ? co.GetString() : null;
            var inferred = implicitReader.For(new ImplicitInterests.Profile(headline, company, [], null, interests, [], []));
            var key = c.GetProperty("key").GetString()!;
            people.Add(new Person(key, interests.Length > 0 ? string.Join(", ", interests) : $"[{headline}]",
                [.. interests.Select(x => (Phrases.Key(x), 1.0, true)), .. inferred.Select(x => (Phrases.Key(x.Interest), options.ImplicitWeight, false))]));
            profiles.Add((Guid.NewGuid(), interests, inferred));
        }
        var vectors = await matcher.EmbedPhrasesAsync(people.SelectMany(p => p.Phrases.Select(x => x.Phrase)));
        var index = InterestIndex.Build(profiles, options.ImplicitWeight, p => vectors.TryGetValue(p, out var v) ? v : null);
        Console.WriteLine($"{name}: {pages.Count} pages analysed");
        return new Set(name, pages, people, index, vectors);
    }

    /// <summary>Unlabelled news to judge a score against: for each article its first passage (title and lead), as the matcher embeds it.</summary>
    internal static TextEmbedder? Embedder;
    static VectorCache? sentenceCache;
    static string? sentenceCachePath;

    /// <summary>The sentences matching reads of an article (title, headings, lead and body, at most 80), each embedded.</summary>
    internal static (string[] Texts, float[] Vectors, bool[] Lead) Sentences(ArticleAnalysis a, int max = 80)
    {
        var sentences = a.Topics.Text.Sentences.Where(x => x.Zone is not TextZone.Tag).Take(max).ToList();
        var texts = sentences.Select(x => x.Text).ToArray();
        var cache = sentenceCache!;
        var missing = texts.Where(t => !cache.Phrases.ContainsKey(t)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var flat = Embedder!.Embed(missing, 128);
            for (var i = 0; i < missing.Count; i++) cache.Phrases[missing[i]] = flat.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray();
        }
        return (texts, [.. texts.SelectMany(t => cache.Phrases[t])], [.. sentences.Select(x => x.Zone is TextZone.Title or TextZone.Lead)]);
    }

    internal sealed class Background
    {
        public required float[] Leads { get; init; }
        public required float[] Means { get; init; }
        public required List<HashSet<string>> Stems { get; init; }
        public required List<ArticleAnalysis> Analyses { get; init; }

        public static Background Load(string dir, HashSet<string> excludedTitles, ArticleParser parser, TopicExtractor extractor, InterestMatcher matcher, string? cacheDir)
        {
            var texts = EvalCorpora.WikinewsTexts(dir).Where(t => !excludedTitles.Contains(t.Title)).ToList();
            var path = cacheDir is null ? null : Path.Combine(cacheDir, $"background-{texts.Count}.v3.vectors");
            var cache = path is null ? new VectorCache() : VectorCache.Read(path);
            var leads = new float[texts.Count * TextEmbedder.Dimensions];
            var means = new float[texts.Count * TextEmbedder.Dimensions];
            var stems = new List<HashSet<string>>();
            var analyses = new List<ArticleAnalysis>();
            for (var i = 0; i < texts.Count; i++)
            {
                var article = EvalCorpora.Parse(texts[i].Title, texts[i].Paragraphs, $"https://wikinews.example/{i}");
                var topics = extractor.Extract(article);
                stems.Add([.. topics.Text.Sentences.SelectMany(s => s.ContentStems)]);
                var key = $"bg/{i}/{texts[i].Title}";
                if (!cache.Articles.TryGetValue(key, out var entry))
                {
                    var analysis = matcher.AnalyzeUncached(article, topics);
                    cache.Add(key, analysis, new float[TextEmbedder.Dimensions]);
                    entry = cache.Articles[key];
                }
                analyses.Add(cache.Restore(topics, entry, matcher.Options, Embedder!));
                entry.Passages.AsSpan(0, TextEmbedder.Dimensions).CopyTo(leads.AsSpan(i * TextEmbedder.Dimensions));
                var mean = means.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
                for (var p = 0; p < entry.PassageCount; p++) TensorPrimitives.Add(mean, entry.Passages.AsSpan(p * TextEmbedder.Dimensions, TextEmbedder.Dimensions), mean);
                TensorPrimitives.Divide(mean, entry.PassageCount, mean);
            }
            if (path is not null) cache.Write(path);
            return new Background { Leads = leads, Means = means, Stems = stems, Analyses = analyses };
        }

        /// <summary>Mean and spread of a phrase's cosine with the background articles' leads.</summary>
        public (double Mean, double Spread) Stats(ReadOnlySpan<float> phrase, bool lead = true)
        {
            var rows = lead ? Leads : Means;
            var n = rows.Length / TextEmbedder.Dimensions;
            double sum = 0, sq = 0;
            for (var i = 0; i < n; i++)
            {
                var c = TensorPrimitives.Dot(phrase, rows.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
                sum += c;
                sq += c * c;
            }
            var mean = sum / n;
            return (mean, Math.Sqrt(Math.Max(1e-6, sq / n - mean * mean)));
        }

        /// <summary>Share of background articles holding the stem.</summary>
        public double DocumentFrequency(string stem) => Stems.Count(s => s.Contains(stem)) / (double)Stems.Count;
    }

    /// <summary>IPTC Media Topics: names and definitions embedded, a tree, and each topic's background cosine statistics.</summary>
    internal sealed class Taxonomy
    {
        public required string[] Codes { get; init; }
        public required string[] Names { get; init; }
        public required int[] Parent { get; init; }
        public required float[] NameVectors { get; init; }
        public required float[] DescriptionVectors { get; init; }
        public required (double Mean, double Spread)[] Background { get; init; }
        public required List<int>[] Children { get; init; }
        public required string[][] NameStems { get; init; }

        public static Taxonomy Load(string file, TextEmbedder embedder, MatchingOptions options, Background bg)
        {
            var rows = File.ReadAllLines(file).Skip(1).Select(l => l.Split('\t')).Where(r => r.Length > 5 && r[5].Length == 0).ToList();
            var codes = rows.Select(r => r[0]).ToArray();
            var at = codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
            var parent = rows.Select(r => r[1].Length > 0 && at.TryGetValue(r[1], out var p) ? p : -1).ToArray();
            var names = rows.Select(r => r[3]).ToArray();
            var nameVectors = embedder.Embed([.. names.Select(n => options.QueryPrefix + n)], options.MaxTokens);
            var descriptionVectors = embedder.Embed([.. rows.Select(r => $"{r[3]}: {r[4]}")], options.MaxTokens);
            var n = names.Length;
            var stats = new (double, double)[n];
            var articles = bg.Means.Length / TextEmbedder.Dimensions;
            for (var t = 0; t < n; t++)
            {
                var d = descriptionVectors.AsSpan(t * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
                double sum = 0, sq = 0;
                for (var a = 0; a < articles; a++)
                {
                    var c = TensorPrimitives.Dot(d, bg.Means.AsSpan(a * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
                    sum += c; sq += c * c;
                }
                var mean = sum / articles;
                stats[t] = (mean, Math.Sqrt(Math.Max(1e-6, sq / articles - mean * mean)));
            }
            var children = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            for (var t = 0; t < n; t++) if (parent[t] >= 0) children[parent[t]].Add(t);
            return new Taxonomy
            {
                Codes = codes, Names = names, Parent = parent, NameVectors = nameVectors, DescriptionVectors = descriptionVectors,
                Background = stats, Children = children, NameStems = [.. names.Select(TermAnalyzer.ContentStems)],
            };
        }

        public IEnumerable<int> Subtree(int t)
        {
            yield return t;
            foreach (var c in Children[t]) foreach (var d in Subtree(c)) yield return d;
        }

        public ReadOnlySpan<float> Name(int t) => NameVectors.AsSpan(t * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
        public ReadOnlySpan<float> Description(int t) => DescriptionVectors.AsSpan(t * TextEmbedder.Dimensions, TextEmbedder.Dimensions);
    }

    internal static Taxonomy? Iptc;
    internal static ArcticLab? Arctic = Environment.GetEnvironmentVariable("LAB_ARCTIC") is { } dir ? new ArcticLab(dir) : null;

    /// <summary>One page × one interest phrase of one contact.</summary>
    internal sealed record Row(int Page, int Person, string Phrase, double Weight, bool Typed, int Grade, Dictionary<string, double> F);

    static List<Row> Features(Set set, InterestMatcher matcher, Background? bg)
    {
        var rows = new List<Row>();
        var arcticPages = new Dictionary<int, float[][]>();
        var arcticQueries = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var phraseIndex = Enumerable.Range(0, set.Index.PhraseCount).ToDictionary(p => set.Index.Phrases[p]);
        var stats = new Dictionary<string, ((double, double) Lead, (double, double) Mean)>();
        // Each phrase's relevance on every background article, sorted: how unusual a page's relevance is for that phrase.
        double[][]? bgRelevance = null;
        float[]? bgSentences = null;
        if (bg is not null) bgSentences = [.. bg.Analyses.SelectMany(a => Sentences(a, 40).Vectors)];
        var sentenceStats = new Dictionary<string, (double Mean, double Spread, double P99)>();
        var anchors = new Dictionary<string, (int Topic, double Sim)>();
        if (bg is not null)
        {
            var perArticle = bg.Analyses.Select(a => matcher.Score(a, set.Index).PhraseScores).ToArray();
            bgRelevance = [.. Enumerable.Range(0, set.Index.PhraseCount).Select(p => perArticle.Select(x => x[p]).Order().ToArray())];
        }
        for (var pg = 0; pg < set.Pages.Count; pg++)
        {
            var page = set.Pages[pg];
            var a = page.Analysis;
            // A page in another language has no vectors (the product matches it by words): its semantic features are 0.
            var reference = a.HasVectors ? matcher.Reference(a) : default;
            var (sTexts, sVectors, sLeadFlags) = Sentences(a, int.Parse(Environment.GetEnvironmentVariable("LAB_SENTENCES") ?? "80"));
            var scores = matcher.Score(a, set.Index);
            for (var pe = 0; pe < set.People.Count; pe++)
            {
                var person = set.People[pe];
                foreach (var (phrase, weight, typed) in person.Phrases)
                {
                    var p = phraseIndex[phrase];
                    var v = set.Index.Vector(p);
                    var vector = v.ToArray();
                    var f = a.HasVectors ? matcher.Features(a, v, reference) : default;
                    var lex = matcher.LexicalScore(a.Topics.Text, set.Index.PhraseStems[p], set.Index.PhraseParts[p]);
                    var lead = a.HasVectors ? TensorPrimitives.Dot(v, a.PassageVectors.AsSpan(0, TextEmbedder.Dimensions)) : 0;
                    var features = new Dictionary<string, double>
                    {
                        // What the product's matcher computed: the whole-list model is fitted on exactly these.
                        ["topicLogit"] = scores.PhraseTopicLogits[p],
                        ["support"] = scores.PhraseSupport[p],
                        ["tree"] = scores.PhraseTopicTree[p],
                        ["anchored"] = scores.PhraseBreadth[p] > 0 ? 1 : 0,
                        ["breadth"] = scores.PhraseBreadth[p],
                        ["onTopic"] = scores.PhraseOnTopic[p] ? 1 : 0,
                        ["inLead"] = scores.PhraseInLead[p],
                        ["words"] = scores.PhraseLexical[p],
                        ["relevance"] = scores.PhraseScores[p],
                        ["passages"] = f.Passages,
                        ["lead"] = lead,
                        ["key"] = f.KeyPhrase,
                        ["standing"] = f.Standing,
                        ["lexical"] = lex.Score,
                        ["exact"] = lex.Exact ? 1 : 0,
                        ["hasTyped"] = person.Phrases.Any(x => x.Typed) ? 1 : 0,
                    };
                    // Where a field's best topic stands among all the tree's topics on this article: is the story in that field
                    // more than anywhere else? (0 for a phrase that names no field.)
                    var (margin, rank) = FieldStanding(matcher, a, v);
                    features["fieldMargin"] = margin;
                    features["fieldRank"] = rank;
                    if (Arctic is { } arctic)
                    {
                        var sentencesOfPage = arcticPages.TryGetValue(pg, out var sp) ? sp
                            : arcticPages[pg] = arctic.Embed([.. ArticleAnalysis.ReadSentences(a.Topics.Text, matcher.Options.Sentences).Select(x => x.Text)]);
                        if (!arcticQueries.TryGetValue(phrase, out var q)) arcticQueries[phrase] = q = arctic.Query(phrase);
                        (features["arctic"], features["arcticMax"]) = arctic.Support(q, sentencesOfPage);
                    }
                    var sCos = Enumerable.Range(0, sTexts.Length).Select(i => (double)TensorPrimitives.Dot(vector, sVectors.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions))).ToArray();
                    features["sMax"] = sCos.Length == 0 ? 0 : sCos.Max();
                    features["sTop3"] = sCos.Length == 0 ? 0 : sCos.OrderDescending().Take(3).Average();
                    features["sLead"] = sCos.Where((_, i) => sLeadFlags[i]).DefaultIfEmpty(0).Max();
                    if (bg is not null)
                    {
                        if (!sentenceStats.TryGetValue(phrase, out var ss))
                        {
                            var all = Enumerable.Range(0, bgSentences!.Length / TextEmbedder.Dimensions)
                                .Select(i => (double)TensorPrimitives.Dot(vector, bgSentences.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions))).Order().ToArray();
                            var m = all.Average();
                            sentenceStats[phrase] = ss = (m, Math.Sqrt(all.Sum(x => (x - m) * (x - m)) / all.Length), all[(int)(0.99 * all.Length)]);
                        }
                        features["sMaxZ"] = (features["sMax"] - ss.Mean) / ss.Spread;
                        features["sTop3Z"] = (features["sTop3"] - ss.Mean) / ss.Spread;
                        features["sLeadZ"] = (features["sLead"] - ss.Mean) / ss.Spread;
                        features["sCov"] = sCos.Length == 0 ? 0 : sCos.Count(c => c >= ss.P99) / (double)sCos.Length;
                        features["sCount"] = sCos.Count(c => c >= ss.P99);
                        if (Iptc is { } tax && a.HasVectors)
                        {
                            if (!anchors.TryGetValue(phrase, out var anchor))
                            {
                                var best = Enumerable.Range(0, tax.Names.Length).MaxBy(t => TensorPrimitives.Dot(vector, tax.Name(t)));
                                anchors[phrase] = anchor = (best, TensorPrimitives.Dot(vector, tax.Name(best)));
                            }
                            var mean = MeanPassage(a);
                            double Z(int t) => (TensorPrimitives.Dot(mean, tax.Description(t)) - tax.Background[t].Mean) / tax.Background[t].Spread;
                            var subtree = tax.Subtree(anchor.Topic).ToList();
                            var bestT = subtree.MaxBy(Z);
                            features["anchorSim"] = anchor.Sim;
                            features["taxSelfZ"] = Z(anchor.Topic);
                            features["taxZ"] = Z(bestT);
                            // The best of k topics' z-scores grows with k by chance alone (about √(2 ln k) for independent ones).
                            features["taxZk"] = Z(bestT) - Math.Sqrt(2 * Math.Log(Math.Max(1, subtree.Count)));
                            features["taxBest"] = bestT;
                            features["taxDepth"] = subtree.Count;
                            var leadStems = a.Topics.Text.Sentences.Where(x => x.Zone is TextZone.Title or TextZone.Lead).SelectMany(x => x.ContentStems).ToHashSet();
                            features["taxLex"] = subtree.Count(t => tax.NameStems[t].Length > 0 && tax.NameStems[t].All(leadStems.Contains));
                        }
                        else if (Iptc is not null)
                            foreach (var k in (string[])["anchorSim", "taxSelfZ", "taxZ", "taxZk", "taxBest", "taxDepth", "taxLex"]) features[k] = 0;
                        if (!stats.TryGetValue(phrase, out var s)) stats[phrase] = s = (bg.Stats(v, lead: true), bg.Stats(v, lead: false));
                        features["bgLeadZ"] = (lead - s.Lead.Item1) / s.Lead.Item2;
                        features["bgMeanZ"] = (f.Passages - s.Mean.Item1) / s.Mean.Item2;
                        var stems = set.Index.PhraseStems[p];
                        var sortedBg = bgRelevance![p];
                        features["bgPct"] = 1 - LowerBound(sortedBg, scores.PhraseScores[p]) / (double)sortedBg.Length;
                        features["bgRate"] = sortedBg.Count(x => x >= matcher.Options.MinScore) / (double)sortedBg.Length;
                        features["idf"] = stems.Length == 0 ? 0 : stems.Min(st => -Math.Log((bg.DocumentFrequency(st) * bg.Stems.Count + 1) / (bg.Stems.Count + 1.0)));
                    }
                    rows.Add(new Row(pg, pe, phrase, weight, typed, page.Grades.GetValueOrDefault(person.Key), features));
                }
            }
        }
        return rows;
    }

    static (double Margin, double Rank) FieldStanding(InterestMatcher matcher, ArticleAnalysis a, ReadOnlySpan<float> v)
    {
        if (matcher.Knowledge is not { } known || !a.HasVectors) return (0, 0);
        var anchors = known.Anchors(v, matcher.Options.TopicAnchorSimilarity, matcher.Options.TopicAnchorMargin);
        if (anchors.Sum(x => known.SubtreeSize[x]) < matcher.Options.FieldBreadth) return (0, 0);
        var profile = a.TopicProfile ??= known.ProfileOf(a.MeanPassage());
        var n = known.Topics.Count;
        var excluded = new bool[n];
        foreach (var anchor in anchors)
        {
            for (var t = known.Parent[anchor]; t >= 0; t = known.Parent[t]) excluded[t] = true;
            for (var t = 0; t < n; t++)
                for (var u = t; u >= 0; u = known.Parent[u])
                    if (u == anchor) { excluded[t] = true; break; }
        }
        var within = anchors.Max(x => profile.SubtreeBest[x]);
        var elsewhere = float.MinValue;
        var rank = 0;
        for (var t = 0; t < n; t++)
            if (!excluded[t])
            {
                elsewhere = Math.Max(elsewhere, profile.Z[t]);
                if (profile.Z[t] > within) rank++;
            }
        return (within - elsewhere, Math.Log(1 + rank));
    }

    static float[] MeanPassage(ArticleAnalysis a)
    {
        var mean = new float[TextEmbedder.Dimensions];
        for (var p = 0; p < a.PassageCount; p++) TensorPrimitives.Add(mean, a.PassageVectors.AsSpan(p * TextEmbedder.Dimensions, TextEmbedder.Dimensions), mean);
        TensorPrimitives.Divide(mean, a.PassageCount, mean);
        return mean;
    }

    static void Report(Set set, List<Row> rows)
    {
        if (Iptc is { } tax)
            foreach (var phrase in rows.Where(r => r.Typed).Select(r => r.Phrase).Distinct())
            {
                var r = rows.First(x => x.Phrase == phrase);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  anchor {phrase,-30} → {tax.Names[Enumerable.Range(0, tax.Names.Length).MaxBy(t => TensorPrimitives.Dot(set.Vectors[phrase], tax.Name(t)))]} ({r.F["anchorSim"]:0.00}, {r.F["taxDepth"]} topics)"));
            }
        var names = rows[0].F.Keys.ToList();
        Console.WriteLine("AUC of each feature (contact = its best phrase by that feature; grade ≥ 1 vs 0 | grade 2 vs 0), typed interests only, then all:");
        foreach (var name in names)
        {
            var typed = Contacts(rows.Where(r => r.Typed), r => r.F[name]);
            var all = Contacts(rows, r => r.F[name] * (name is "relevance" ? r.Weight : 1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-10} typed {Auc(typed, 1):0.000} | {Auc(typed, 2):0.000}   all {Auc(all, 1):0.000} | {Auc(all, 2):0.000}"));
        }
        foreach (var (name, score) in Variants)
            Sweep(name, set, Contacts(rows, score));
        foreach (var ratio in new[] { 0.7, 0.85 })
            Sweep($"typed first ≥{ratio}", set, Contacts(rows, Variants.First(v => v.Name == "typed first").Score), ratio);
        // LAB_DUMP=key,key: every page × phrase row of those contacts, with the features the product's relevance reads.
        if (Environment.GetEnvironmentVariable("LAB_DUMP") is { } dump)
            foreach (var r in rows.Where(r => dump.Split(',').Contains(set.People[r.Person].Key)).OrderBy(r => r.Person).ThenByDescending(r => r.Grade).ThenByDescending(r => r.F["relevance"]))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   dump g{r.Grade} {set.People[r.Person].Key} {r.Phrase,-18} rel {r.F["relevance"]:0.000} topic {r.F["topicLogit"]:0.00} support {r.F["support"]:0.000} tree {r.F["tree"]:0.00} margin {r.F["fieldMargin"]:0.00} rank {r.F["fieldRank"]:0.0} words {r.F["words"]:0.00} lead {r.F["inLead"]:0.00} | {Trim(set.Pages[r.Page].Slug, 28)}"));
        if (Environment.GetEnvironmentVariable("LAB_DETAILS") is { } detail && Variants.Any(v => v.Name == detail))
            Details(set, rows, Variants.First(v => v.Name == detail).Score);
    }

    /// <summary>Every suggestion graded 0 at a threshold, with its phrase and features: what the score gets wrong.</summary>
    static void Wrong(Set set, List<Row> rows, Func<Row, double> score, double threshold)
    {
        Console.WriteLine($"-- {set.Name}: suggested but graded 0 at > {threshold}");
        foreach (var g in rows.GroupBy(r => (r.Page, r.Person)).Select(g => g.MaxBy(score)!).Where(r => score(r) > threshold && r.Grade == 0).OrderBy(r => r.Page))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {score(g):0.00} {set.Pages[g.Page].Slug,-24} {set.People[g.Person].Key} {(g.Typed ? "" : "~")}{g.Phrase,-26} topic {g.F["topicLogit"]:0.0} support {g.F["support"]:0.00} tree {g.F["tree"]:0.0}{(g.F["anchored"] > 0 ? "*" : "")} words {g.F["words"]:0.00} | {Trim(set.Pages[g.Page].Article.Title ?? "", 50)}"));
    }

    static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>Per page, the five best contacts by a score with their grade and best phrase's features: what a better score must reorder.</summary>
    static void Details(Set set, List<Row> rows, Func<Row, double> score)
    {
        for (var pg = 0; pg < set.Pages.Count; pg++)
        {
            var page = set.Pages[pg];
            var first = rows.Where(r => r.Page == pg).MaxBy(score)!;
            if (!page.Grades.ContainsValue(2) || first.Grade == 2) continue;
            Console.WriteLine($"{page.Slug} — {page.Article.Title} (best: {string.Join(",", page.Best.Select(b => b + ":" + set.People.First(x => x.Key == b).Label))})");
            var top = rows.Where(r => r.Page == pg).GroupBy(r => r.Person).Select(g => g.MaxBy(score)!).OrderByDescending(score).Take(5);
            foreach (var r in top)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {score(r):0.000} g{r.Grade} {set.People[r.Person].Key} {(r.Typed ? "" : "~")}{r.Phrase,-28} {string.Join(" ", r.F.Where(f => f.Key is "relevance" or "sTop3" or "taxZ" or "taxZk" or "anchorSim" or "lexical").Select(f => $"{f.Key}={f.Value:0.00}"))} {(Iptc is { } t && r.F.TryGetValue("taxBest", out var tb) ? t.Names[(int)tb] : "")}"));
        }
    }

    /// <summary>Headline and company readings of a contact who typed interests are left out: the interests say what they care about.</summary>
    static bool Usable(Row r) => r.Typed || r.F["hasTyped"] == 0;

    static double Logit(double p) => Math.Log(Math.Clamp(p, 1e-4, 1 - 1e-4) / (1 - Math.Clamp(p, 1e-4, 1 - 1e-4)));

    /// <summary>A typed interest that names a field of the tree (a topic with subtopics), not a leaf or a guess from a headline.</summary>
    static bool Broad(Row r) => r.Typed && r.F["anchored"] > 0
        && (r.F["breadth"] >= int.Parse(Environment.GetEnvironmentVariable("LAB_BREADTH") ?? "3") || (Environment.GetEnvironmentVariable("LAB_ONTOPIC") is not null && r.F["onTopic"] > 0));

    static readonly double ImplicitWeight = double.Parse(Environment.GetEnvironmentVariable("LAB_IMPLICIT") ?? "0.8", CultureInfo.InvariantCulture);

    static readonly string ModelName = Environment.GetEnvironmentVariable("LAB_MODEL") ?? "compact";

    static double[] ModelFeatures(Row r)
    {
        var anchored = r.F.GetValueOrDefault("anchorSim") >= 0.75;
        var taxZ = anchored ? r.F.GetValueOrDefault(Environment.GetEnvironmentVariable("LAB_TAX") ?? "taxZ") : 0;
        return ModelName switch
        {
            "product" => [r.F["topicLogit"], r.F["support"], r.F["anchored"] > 0 ? r.F["tree"] : 0, r.F["anchored"], r.F["words"]],
            "product-broad" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"]],
            "product-lead" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"]],
            "arctic" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"], r.F["arctic"]],
            "arctic-both" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"], r.F["arctic"], r.F["arcticMax"]],
            "arctic-instead" => [r.F["topicLogit"], r.F["arctic"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"]],
            "field-margin" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"], Broad(r) ? r.F["fieldMargin"] : 0],
            "field-rank" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"], Broad(r) ? r.F["fieldRank"] : 0],
            "field-both" => [r.F["topicLogit"], r.F["support"], Broad(r) ? r.F["tree"] : 0, Broad(r) ? 1 : 0, r.F["words"], r.F["inLead"], Broad(r) ? r.F["fieldMargin"] : 0, Broad(r) ? r.F["fieldRank"] : 0],
            "no-sentences" => [Logit(r.F["relevance"]), taxZ, anchored ? 1 : 0, r.F["lexical"], r.Typed ? 0 : 1],
            "no-taxonomy" => [Logit(r.F["relevance"]), r.F["sTop3"], r.F["lexical"], r.Typed ? 0 : 1],
            "raw" => [r.F["passages"], r.F["key"], r.F["standing"], r.F["lexical"], r.F["sTop3"], taxZ, anchored ? 1 : 0, r.Typed ? 0 : 1],
            "raw-no-sentences" => [r.F["passages"], r.F["key"], r.F["standing"], r.F["lexical"], taxZ, anchored ? 1 : 0, r.Typed ? 0 : 1],
            _ => [Logit(r.F["relevance"]), r.F["sTop3"], taxZ, anchored ? 1 : 0, r.F["lexical"], r.Typed ? 0 : 1],
        };
    }

    static double[] BroadFeatures(Row r) => (Environment.GetEnvironmentVariable("LAB_SPLIT") ?? "") switch
    {
        "tree" => [r.F["support"], r.F["tree"]],
        "tree-margin" => [r.F["support"], r.F["tree"], r.F["fieldMargin"]],
        "topic-tree" => [r.F["topicLogit"], r.F["support"], r.F["tree"]],
        "topic-tree-margin" => [r.F["topicLogit"], r.F["support"], r.F["tree"], r.F["fieldMargin"]],
        _ => [r.F["topicLogit"], r.F["support"], r.F["tree"], r.F["words"], r.F["inLead"]],
    };

    /// <summary>L2-regularised logistic regression by gradient descent on standardised features.</summary>
    internal class Logistic
    {
        double[] w = [], mean = [], spread = [];
        double b;

        public static Logistic Fit(List<Row> rows, Func<Row, double[]> features, Func<Row, int> label, Func<Row, double> weight, double l2 = 0.01)
        {
            var x = rows.Select(features).ToArray();
            var y = rows.Select(label).ToArray();
            var sw = rows.Select(weight).ToArray();
            var d = x[0].Length;
            var m = new Logistic { mean = new double[d], spread = new double[d], w = new double[d] };
            for (var j = 0; j < d; j++)
            {
                m.mean[j] = x.Average(v => v[j]);
                m.spread[j] = Math.Max(1e-6, Math.Sqrt(x.Average(v => (v[j] - m.mean[j]) * (v[j] - m.mean[j]))));
            }
            var z = x.Select(v => v.Select((e, j) => (e - m.mean[j]) / m.spread[j]).ToArray()).ToArray();
            var total = sw.Sum();
            for (var step = 0; step < 3000; step++)
            {
                var gw = new double[d];
                double gb = 0;
                for (var i = 0; i < z.Length; i++)
                {
                    var p = 1 / (1 + Math.Exp(-(m.b + Dot(m.w, z[i]))));
                    var g = (p - y[i]) * sw[i];
                    gb += g;
                    for (var j = 0; j < d; j++) gw[j] += g * z[i][j];
                }
                m.b -= 0.5 * gb / total;
                for (var j = 0; j < d; j++) m.w[j] -= 0.5 * (gw[j] / total + l2 * m.w[j]);
            }
            return m;
        }

        public virtual double Predict(Row r) => Predict(ModelFeatures(r));

        /// <summary>Two models: one for the rows <paramref name="which"/> picks, the other for the rest.</summary>
        public sealed class Split(Logistic rest, Logistic picked, Func<Row, bool> which, Func<Row, double[]> restFeatures, Func<Row, double[]> pickedFeatures) : Logistic
        {
            public override double Predict(Row r) => which(r) ? picked.Predict(pickedFeatures(r)) : rest.Predict(restFeatures(r));
            public override string ToString() => $"{rest} | broad {picked}";
        }

        public double Predict(double[] v) => 1 / (1 + Math.Exp(-(b + Dot(w, v.Select((e, j) => (e - mean[j]) / spread[j]).ToArray()))));

        static double Dot(double[] a, double[] c) => a.Zip(c, (p, q) => p * q).Sum();

        /// <summary>The weights on the features' own scale: intercept first, as MatchingOptions takes them.</summary>
        public string Raw()
        {
            var raw = w.Select((x, j) => x / spread[j]).ToArray();
            var intercept = b - w.Select((x, j) => x * mean[j] / spread[j]).Sum();
            return string.Create(CultureInfo.InvariantCulture, $"intercept {intercept:0.000}, weights [{string.Join(", ", raw.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}]");
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"b={b:0.00} w=[{string.Join(", ", w.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}]");
    }

    /// <summary>Scores to compare as whole lists: each maps a phrase's row to a score; a contact takes its best phrase.</summary>
    static readonly List<(string Name, Func<Row, double> Score)> Variants =
    [
        ("relevance", r => r.F["relevance"] * r.Weight),
        ("relevance typed", r => r.Typed ? r.F["relevance"] : 0),
        ("typed first", r => r.F["relevance"] * (r.Typed ? 1 : r.F.GetValueOrDefault("hasTyped") > 0 ? 0 : r.Weight)),
        ("standing", r => r.F["standing"] * r.Weight),
        ("bgMeanZ", r => r.F.GetValueOrDefault("bgMeanZ") * r.Weight),
        ("relevance×rare", r => r.F["relevance"] * (r.Typed ? 1 : r.F["hasTyped"] > 0 ? 0 : r.Weight) * (1 - r.F.GetValueOrDefault("bgPct"))),
    ];

    /// <summary>
    /// The whole-list measures a score gives at the threshold where it answers this share of page × contact pairs:
    /// per page the contacts at or above it, best first, at most five.
    /// </summary>
    static void Sweep(string name, Set set, List<(int Page, int Person, double Score, int Grade)> contacts, double ratio = 0, double[]? thresholds = null)
    {
        var sorted = contacts.Select(c => c.Score).OrderDescending().ToArray();
        var points = thresholds ?? [.. new[] { 0.6, 0.8, 1.0, 1.3, 1.6, 2.0 }.Select(perPage => sorted[Math.Min(sorted.Length - 1, (int)(perPage * set.Pages.Count))])];
        foreach (var threshold in points)
        {
            var suggestedPerPage = contacts.Count(c => c.Score > threshold) / (double)set.Pages.Count;
            var answers = set.Pages.Select((page, i) => new NetworkEval.Answer(
                new NetworkEval.GradedPage(page.Slug, page.Article.Title ?? "", page.Grades, page.Best),
                [.. Suggested(contacts.Where(c => c.Page == i).ToList(), threshold, ratio).Select(c => set.People[c.Person].Key)],
                null, 0, [])).ToList();
            var m = NetworkEval.Score(answers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-16} {suggestedPerPage,3:0.0}/page (>{threshold:0.00})  first {m.First:0.00}  three {m.Three:0.00}  wrong {m.WrongShare:0.00} ({m.Wrong}/{m.Suggested})  quiet {m.Quiet:0.00}  MRR {m.Mrr:0.000}"));
        }
    }

    /// <summary>The contacts of one page above the threshold and within <paramref name="ratio"/> of the best one, best first, at most five.</summary>
    static IEnumerable<(int Page, int Person, double Score, int Grade)> Suggested(List<(int Page, int Person, double Score, int Grade)> page, double threshold, double ratio)
    {
        var top = page.Count == 0 ? 0 : page.Max(c => c.Score);
        double Rank((int Page, int Person, double Score, int Grade) c) =>
            c.Score * (1 + SpecificityShare / (1 + Math.Log2(1 + Breadth.GetValueOrDefault((c.Page, c.Person))))) / (1 + SpecificityShare);
        return page.Where(c => c.Score > threshold && c.Score >= ratio * top).OrderByDescending(Rank).Take(5);
    }

    /// <summary>Per page × contact: the best score among its phrases, and the grade.</summary>
    static List<(int Page, int Person, double Score, int Grade)> Contacts(IEnumerable<Row> rows, Func<Row, double> score)
    {
        var best = rows.GroupBy(r => (r.Page, r.Person)).Select(g => g.MaxBy(score)!).ToList();
        foreach (var r in best) Breadth[(r.Page, r.Person)] = r.F.GetValueOrDefault("breadth");
        return [.. best.Select(r => (r.Page, r.Person, score(r), r.Grade))];
    }

    // The breadth of each page × contact's best phrase, for ranking a specific interest before a broad one (as the product does).
    static readonly Dictionary<(int, int), double> Breadth = [];
    static readonly double SpecificityShare = double.Parse(Environment.GetEnvironmentVariable("LAB_SPECIFIC") ?? "0", CultureInfo.InvariantCulture);

    static double Auc(List<(int Page, int Person, double Score, int Grade)> items, int positive)
    {
        var pos = items.Where(i => i.Grade >= positive).Select(i => i.Score).ToArray();
        var neg = items.Where(i => i.Grade == 0).Select(i => i.Score).OrderBy(x => x).ToArray();
        if (pos.Length == 0 || neg.Length == 0) return double.NaN;
        double wins = 0;
        foreach (var p in pos)
        {
            var below = LowerBound(neg, p);
            var equal = LowerBound(neg, Math.BitIncrement(p)) - below;
            wins += below + 0.5 * equal;
        }
        return wins / (pos.Length * (double)neg.Length);
    }

    static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
