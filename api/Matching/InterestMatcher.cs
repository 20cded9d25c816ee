using System.Diagnostics;
using System.Numerics.Tensors;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Topics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Matching;

/// <summary>How well one contact fits: lexical and semantic scores of its best interest, and that interest's relevance in deviations above the background.</summary>
internal sealed record MatchComponents(double Lexical, double Semantic, double Relevance);

internal sealed record ContactMatch(Guid ContactId, double Score, MatchComponents Components, IReadOnlyList<MatchReasonResponse> Reasons);

/// <summary>Combined when the model's vectors were used; LexicalOnly while the model loads, if it failed, or when switched off.</summary>
internal enum MatchMode { Combined, LexicalOnly }

internal sealed record MatchResult(
    IReadOnlyList<TopicResponse> Topics,
    IReadOnlyList<ContactMatch> Matches,
    string? NoMatchReason,
    MatchMode Mode,
    double EmbedMilliseconds,
    double MatchMilliseconds);

/// <summary>Per-phrase and per-contact scores of one article against one index, before thresholds and reasons.</summary>
internal sealed class ArticleScores
{
    public required ArticleAnalysis Analysis { get; init; }
    public required InterestIndex Index { get; init; }
    public required double[] PhraseScores { get; init; }
    public required float[] PhraseLexical { get; init; }
    public required float[] PhraseSemantic { get; init; }
    public required float[] PhraseRelevance { get; init; }
    public required int[] PhraseLexicalSentence { get; init; }
    public required double[] ContactScores { get; init; }
    public required int[] ContactBestPhrase { get; init; }
    public double MatchMilliseconds { get; set; }
}

/// <summary>
/// Scores an article against an account's contacts' interests. Each distinct interest phrase gets a lexical
/// score (its stemmed words in the article, weighted by where they stand) and a semantic score (its embedding
/// against the article's passages and key phrases, less what the interest scores on everyday text in general, then
/// measured in deviations above built-in background phrases treated the same way, so that the bar moves with the
/// article and a broad interest needs more than general nearness). The two combine as a noisy-or: exact phrases
/// are precise, paraphrases need the model. A contact takes its best interest plus a small bonus for a second
/// one; a contact is only suggested above <see cref="MatchingOptions.MinScore"/>, otherwise the answer is "no strong match".
/// </summary>
internal sealed class InterestMatcher : IDisposable
{
    // One body mention of a single word (0.28) is not worth showing as the reason; one of a two-word phrase (0.49) is.
    private const double LexicalEvidenceFloor = 0.3;

    private readonly TopicExtractor extractor;
    private readonly TextEmbedder embedder;
    private readonly MatchingOptions options;
    private readonly TopicsOptions topicsOptions;
    private readonly MemoryCache cache;
    private readonly Lock backgroundGate = new();
    private BackgroundSet? background;

    public InterestMatcher(TopicExtractor extractor, TextEmbedder embedder, IOptions<MatchingOptions> options, IOptions<TopicsOptions> topicsOptions)
    {
        this.extractor = extractor;
        this.embedder = embedder;
        this.options = options.Value;
        this.topicsOptions = topicsOptions.Value;
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, this.options.ArticleCacheSize) });
        // Loading takes a few seconds: start now and answer lexically meanwhile.
        embedder.StartLoading();
    }

    public MatchingOptions Options => options;

    public MatchMode CurrentMode => embedder.IsReady ? MatchMode.Combined : MatchMode.LexicalOnly;

    /// <summary>Embeds interest phrases for storage or an index (waits for the model); keys are normalised phrases.</summary>
    public async Task<Dictionary<string, float[]>> EmbedPhrasesAsync(IEnumerable<string> phrases, CancellationToken ct = default)
    {
        var distinct = phrases.Select(InterestIndex.Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var flat = await embedder.EmbedAsync(options.QueryPrefix.Length == 0 ? distinct : [.. distinct.Select(p => options.QueryPrefix + p)], ct);
        var result = new Dictionary<string, float[]>(distinct.Count, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
            result[distinct[i]] = flat.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray();
        return result;
    }

    /// <summary>Builds an index, embedding every phrase: for tests, tools and small accounts without stored vectors.</summary>
    public async Task<InterestIndex> BuildIndexAsync(IReadOnlyList<(Guid ContactId, IReadOnlyList<string> Interests)> contacts, CancellationToken ct = default)
    {
        var vectors = options.UseEmbeddings
            ? await EmbedPhrasesAsync(contacts.SelectMany(c => c.Interests), ct)
            : [];
        return InterestIndex.Build(contacts, p => vectors.TryGetValue(p, out var v) ? v : null);
    }

    public MatchResult Match(Article article, InterestIndex index, CancellationToken ct = default)
    {
        var scores = Score(article, index, ct);
        var started = Stopwatch.GetTimestamp();
        var order = Enumerable.Range(0, index.ContactCount)
            .Where(c => scores.ContactScores[c] >= options.MinScore)
            .OrderByDescending(c => scores.ContactScores[c])
            .Take(options.MaxMatches);
        var matches = order.Select(c => ExplainContact(scores, c)).ToList();
        scores.MatchMilliseconds += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var analysis = scores.Analysis;
        return new MatchResult(
            analysis.Topics.Topics,
            matches,
            matches.Count == 0 ? NoMatchReason(scores) : null,
            analysis.HasVectors && options.UseEmbeddings ? MatchMode.Combined : MatchMode.LexicalOnly,
            analysis.EmbedMilliseconds,
            scores.MatchMilliseconds);
    }

    /// <summary>The topics, and (cached) vectors of an article.</summary>
    public ArticleAnalysis Analyze(Article article, CancellationToken ct = default)
    {
        var key = ArticleAnalysis.ContentKey(article);
        if (cache.TryGetValue(key, out ArticleAnalysis? cached) && cached is not null) return cached;
        var analysis = AnalyzeUncached(article, ct);
        // Lexical-only analyses are not kept: once the model is up, this article deserves vectors.
        if (analysis.HasVectors) cache.Set(key, analysis, new MemoryCacheEntryOptions { Size = 1 });
        return analysis;
    }

    internal ArticleAnalysis AnalyzeUncached(Article article, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var topics = extractor.Extract(article);
        if (!options.UseEmbeddings || !embedder.IsReady)
            return new ArticleAnalysis { Topics = topics, EmbedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds };

        var passages = ArticleAnalysis.Passages(topics.Text, article.Tags, options.Passages, options.PassageWords);
        var keyTopics = topics.Topics.Take(options.KeyPhrases).ToList();
        string[] keyPhrases = [.. keyTopics.Select(t => t.Phrase)];
        var passageVectors = embedder.Embed(passages, options.MaxTokens, ct);
        var keyVectors = embedder.Embed(keyPhrases, options.MaxTokens, ct);
        return new ArticleAnalysis
        {
            Topics = topics,
            PassageVectors = passageVectors,
            PassageCount = passages.Count,
            KeyPhrases = keyPhrases,
            KeyPhraseVectors = keyVectors,
            KeyPhraseWeights = [.. keyTopics.Select(t => (float)t.Weight)],
            EmbedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    /// <summary>Scores every distinct phrase and every contact; <see cref="Match"/> adds thresholds and reasons.</summary>
    public ArticleScores Score(Article article, InterestIndex index, CancellationToken ct = default) =>
        Score(Analyze(article, ct), index);

    public ArticleScores Score(ArticleAnalysis analysis, InterestIndex index)
    {
        var started = Stopwatch.GetTimestamp();
        var useVectors = options.UseEmbeddings && analysis.HasVectors;
        var (backgroundMean, backgroundSpread) = useVectors ? Background(analysis) : (0, 1);
        var generic = useVectors ? LoadBackground().GenericText : null;
        var n = index.PhraseCount;
        var lexical = new float[n];
        var semantic = new float[n];
        var relevance = new float[n];
        var sentence = new int[n];
        var phraseScores = new double[n];
        var text = analysis.Topics.Text;
        for (var p = 0; p < n; p++)
        {
            if (options.UseLexical)
            {
                var (l, s) = LexicalScore(text, index.PhraseStems[p], index.PhraseParts[p]);
                lexical[p] = (float)l;
                sentence[p] = s;
            }
            else sentence[p] = -1;
            if (useVectors && index.HasVector(p))
            {
                var v = index.Vector(p);
                var z = (CalibratedSimilarity(analysis, v, TensorPrimitives.Dot(v, generic!)) - backgroundMean) / backgroundSpread;
                relevance[p] = (float)z;
                semantic[p] = (float)Logistic((z - options.SemanticMidpoint) / options.SemanticScale);
            }
            // Noisy-or: either kind of evidence alone can carry a match, and both together are stronger.
            phraseScores[p] = 1 - (1 - lexical[p]) * (1 - semantic[p]);
        }

        var contactScores = new double[index.ContactCount];
        var bestPhrase = new int[index.ContactCount];
        for (var c = 0; c < index.ContactCount; c++)
        {
            double best = 0, second = 0;
            var bestP = -1;
            for (var k = index.ContactStart[c]; k < index.ContactStart[c + 1]; k++)
            {
                var p = index.ContactPhrases[k];
                var s = phraseScores[p];
                if (s > best) { second = best; best = s; bestP = p; }
                else if (s > second) second = s;
            }
            contactScores[c] = Math.Min(1, best + options.SecondInterestBonus * second);
            bestPhrase[c] = bestP;
        }

        return new ArticleScores
        {
            Analysis = analysis,
            Index = index,
            PhraseScores = phraseScores,
            PhraseLexical = lexical,
            PhraseSemantic = semantic,
            PhraseRelevance = relevance,
            PhraseLexicalSentence = sentence,
            ContactScores = contactScores,
            ContactBestPhrase = bestPhrase,
            MatchMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    /// <summary>
    /// An interest's similarity to the article: title + lead passage, the best passage anywhere, and the best key
    /// phrase (scaled by how central that topic is), blended. Returns the best key phrase for the evidence.
    /// </summary>
    private double SemanticSimilarity(ArticleAnalysis a, ReadOnlySpan<float> v, out int bestKey)
    {
        const int d = TextEmbedder.Dimensions;
        var passages = a.PassageVectors!.AsSpan();
        var lead = TensorPrimitives.Dot(v, passages[..d]);
        var bestPassage = lead;
        for (var i = 1; i < a.PassageCount; i++)
            bestPassage = Math.Max(bestPassage, TensorPrimitives.Dot(v, passages.Slice(i * d, d)));

        var keys = a.KeyPhraseVectors.AsSpan();
        var bestKeySim = 0f;
        bestKey = -1;
        for (var j = 0; j < a.KeyPhrases.Length; j++)
        {
            var sim = TensorPrimitives.Dot(v, keys.Slice(j * d, d)) * (0.5f + 0.5f * a.KeyPhraseWeights[j]);
            if (sim > bestKeySim) { bestKeySim = sim; bestKey = j; }
        }
        return options.LeadPassageWeight * lead + options.BestPassageWeight * bestPassage + options.KeyPhraseWeight * bestKeySim;
    }

    /// <summary>
    /// Phrase-side calibration: an interest's similarity to the article less what it scores on everyday text in
    /// general (<paramref name="generality"/>: its cosine with the mean of <see cref="BackgroundTexts"/>' vectors,
    /// which equals its mean cosine over them), times <see cref="MatchingOptions.GeneralityPenalty"/>. A broad
    /// interest ("politics") sits fairly close to much of any news and would otherwise clear the bar on stories
    /// that are merely near it.
    /// </summary>
    private double CalibratedSimilarity(ArticleAnalysis a, ReadOnlySpan<float> v, double generality) =>
        SemanticSimilarity(a, v, out _) - options.GeneralityPenalty * generality;

    /// <summary>Mean and spread of the built-in background phrases' calibrated similarity to this article: the yardstick for relevance.</summary>
    internal (double Mean, double Spread) Background(ArticleAnalysis analysis)
    {
        var background = LoadBackground();
        var sims = new double[BackgroundPhrases.All.Length];
        for (var i = 0; i < sims.Length; i++)
            sims[i] = CalibratedSimilarity(analysis, background.Phrases.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions), background.PhraseGenerality[i]);
        // Mean and standard deviation over all of them. Leaving out the top share (the article's own subject's
        // neighbours) was tried and ranked worse: the narrower spread saturated everyone's semantic score.
        var mean = sims.Average();
        var spread = Math.Sqrt(sims.Sum(s => (s - mean) * (s - mean)) / sims.Length);
        // A floor keeps a degenerate article (a few words) from turning tiny differences into huge deviations.
        return (mean, Math.Max(spread, 0.02));
    }

    /// <summary>Background phrases' vectors and generality, and the mean vector of the background texts.</summary>
    private sealed record BackgroundSet(float[] Phrases, double[] PhraseGenerality, float[] GenericText);

    // Embedded once per process (~0.3 s), on the first request with vectors. Not in the background after the model
    // loads: a matcher disposed meanwhile (tests, shutdown) would have the model torn down under a running inference.
    private BackgroundSet LoadBackground()
    {
        if (background is { } ready) return ready;
        lock (backgroundGate)
        {
            if (background is { } built) return built;
            var texts = embedder.Embed(BackgroundTexts.All, options.MaxTokens);
            var centroid = new float[TextEmbedder.Dimensions];
            for (var t = 0; t < BackgroundTexts.All.Length; t++)
                TensorPrimitives.Add(centroid, texts.AsSpan(t * TextEmbedder.Dimensions, TextEmbedder.Dimensions), centroid);
            // Not normalised: v · mean(texts) is exactly the interest's mean cosine over the texts.
            TensorPrimitives.Divide(centroid, BackgroundTexts.All.Length, centroid);
            var phrases = embedder.Embed(BackgroundPhrases.All, options.MaxTokens);
            var generality = new double[BackgroundPhrases.All.Length];
            for (var i = 0; i < generality.Length; i++)
                generality[i] = TensorPrimitives.Dot(phrases.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions), centroid);
            return background = new BackgroundSet(phrases, generality, centroid);
        }
    }

    /// <summary>
    /// Lexical evidence for a phrase: zone-weighted occurrences of its stems in sequence, saturating towards 1.
    /// Multi-word phrases whose words only occur apart get a little credit; "X and Y" phrases take their best side.
    /// Returns the score and the sentence of the strongest occurrence (-1 if none).
    /// </summary>
    internal (double Score, int Sentence) LexicalScore(ArticleText text, string[] stems, string[][] parts)
    {
        var (score, sentence) = PhraseOccurrences(text, stems);
        foreach (var part in parts)
        {
            var (partScore, partSentence) = PhraseOccurrences(text, part);
            partScore *= options.AndPartWeight;
            if (partScore > score) (score, sentence) = (partScore, partSentence);
        }
        return (score, sentence);
    }

    private (double Score, int Sentence) PhraseOccurrences(ArticleText text, string[] stems)
    {
        if (stems.Length == 0 || !text.Postings.TryGetValue(stems[0], out var firstPostings)) return (0, -1);
        double weight = 0, bestWeight = 0;
        var best = -1;
        foreach (var (s, pos) in firstPostings)
        {
            var sentence = text.Sentences[s];
            var k = 1;
            while (k < stems.Length && pos + k < sentence.ContentStems.Length && sentence.ContentStems[pos + k] == stems[k]) k++;
            if (k < stems.Length) continue;
            var w = ZoneWeight(sentence.Zone);
            weight += w;
            if (w > bestWeight) { bestWeight = w; best = s; }
        }
        // Each word of a phrase found in sequence is evidence: "premier league" once is as telling as
        // "football" twice, and far rarer by chance.
        var score = Saturate(weight * stems.Length);
        if (stems.Length == 1) return (score, best);

        double partial = 0, partialBest = 0;
        var partialSentence = -1;
        foreach (var stem in stems)
        {
            if (!text.Postings.TryGetValue(stem, out var postings)) continue;
            double w = 0;
            foreach (var (s, _) in postings)
            {
                var zw = ZoneWeight(text.Sentences[s].Zone);
                w += zw;
                if (zw > partialBest) { partialBest = zw; partialSentence = s; }
            }
            partial += Saturate(w);
        }
        partial = options.PartialLexicalWeight * partial / stems.Length;
        return partial > score ? (partial, partialSentence) : (score, best);
    }

    private double Saturate(double weight) => 1 - Math.Exp(-weight / options.LexicalSaturation);

    private double ZoneWeight(TextZone zone) => zone switch
    {
        TextZone.Title => topicsOptions.TitleWeight,
        TextZone.Tag => topicsOptions.TagWeight,
        TextZone.Heading => topicsOptions.HeadingWeight,
        TextZone.Lead => topicsOptions.LeadWeight,
        _ => 1.0,
    };

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private ContactMatch ExplainContact(ArticleScores scores, int contact)
    {
        var index = scores.Index;
        var phrases = index.ContactPhrases.AsSpan(index.ContactStart[contact], index.ContactStart[contact + 1] - index.ContactStart[contact]).ToArray();
        var ranked = phrases.OrderByDescending(p => scores.PhraseScores[p]).ToList();
        var reasons = new List<MatchReasonResponse>();
        foreach (var p in ranked)
        {
            // The best interest always explains; others only when they fit on their own.
            if (reasons.Count == options.MaxReasons || (reasons.Count > 0 && scores.PhraseScores[p] < options.MinScore / 2)) break;
            reasons.Add(Reason(scores, p));
        }
        var best = scores.ContactBestPhrase[contact];
        return new ContactMatch(
            index.ContactIds[contact],
            Math.Round(scores.ContactScores[contact], 4),
            new MatchComponents(Math.Round(scores.PhraseLexical[best], 4), Math.Round(scores.PhraseSemantic[best], 4), Math.Round(scores.PhraseRelevance[best], 2)),
            reasons);
    }

    private MatchReasonResponse Reason(ArticleScores scores, int phrase)
    {
        var index = scores.Index;
        var text = scores.Analysis.Topics.Text;
        var score = Math.Round(scores.PhraseScores[phrase], 4);
        // The interest's own words in the article explain a match best, even when the meaning also fits.
        var lexical = scores.PhraseLexical[phrase];
        if ((lexical >= scores.PhraseSemantic[phrase] || lexical >= LexicalEvidenceFloor) && scores.PhraseLexicalSentence[phrase] >= 0)
        {
            var sentence = text.Sentences[scores.PhraseLexicalSentence[phrase]];
            return new MatchReasonResponse(index.Phrases[phrase], "lexical", WordsAsWritten(sentence, index.PhraseStems[phrase], index.PhraseParts[phrase]), sentence.Text, score);
        }

        var analysis = scores.Analysis;
        string evidence;
        if (analysis.HasVectors && options.UseEmbeddings && index.HasVector(phrase))
        {
            SemanticSimilarity(analysis, index.Vector(phrase), out var key);
            evidence = key >= 0 ? analysis.KeyPhrases[key] : text.Title;
        }
        else evidence = text.Title;
        var where = text.Sentences.FirstOrDefault(s => s.Zone != TextZone.Tag && s.Text.Contains(evidence, StringComparison.OrdinalIgnoreCase));
        return new MatchReasonResponse(index.Phrases[phrase], "semantic", evidence, where?.Text, score);
    }

    // The article's own spelling of the matched words ("Premier League's" for "premier league").
    private static string WordsAsWritten(ArticleSentence sentence, string[] stems, string[][] parts)
    {
        foreach (var candidate in parts.Prepend(stems))
        {
            var content = sentence.Terms.Where(t => !t.IsStopWord).ToArray();
            for (var i = 0; i + candidate.Length <= content.Length; i++)
                if (candidate.Select((s, k) => content[i + k].Stem == s).All(x => x))
                    return sentence.Text[content[i].Start..content[i + candidate.Length - 1].End];
        }
        var hit = sentence.Terms.FirstOrDefault(t => stems.Contains(t.Stem));
        return hit.Surface ?? sentence.Text;
    }

    private string NoMatchReason(ArticleScores scores)
    {
        if (scores.Index.ContactCount == 0) return "No contacts with interests to match yet.";
        if (scores.Analysis.Topics.Text.Sentences.Count == 0) return "The page has no text to match against.";
        var best = Enumerable.Range(0, scores.Index.ContactCount).MaxBy(c => scores.ContactScores[c]);
        var phrase = scores.ContactBestPhrase[best];
        if (phrase < 0) return "None of your contacts' interests relates to this article.";
        return $"No strong match: the closest interest, \"{scores.Index.Phrases[phrase]}\", scores {scores.ContactScores[best]:0.00}, below the {options.MinScore:0.00} needed to suggest a contact.";
    }

    public void Dispose() => cache.Dispose();
}
