using ContentHelper.Api.Data;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Topics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Matching;

/// <summary>How well one contact fits, by its best interest: the lexical evidence, the semantic part alone as a probability, and how many deviations it stands above the reference interests.</summary>
internal sealed record MatchComponents(double Lexical, double Semantic, double Standing);

/// <summary>A matched contact. <paramref name="Score"/> is the relevance (a probability, never rounded: the order at the top stays exact).</summary>
/// <paramref name="Breadth"/> is how broad the best interest is (the IPTC topics it covers; 0 for one that names none);
/// <paramref name="RestsOn"/> the narrower IPTC topic a field interest's match rests on ("astronomy" for "science"; -1 when
/// none), and <paramref name="Lineage"/> the topics the best interest names with all their ancestors: together they
/// let a specialist whose own topic the story is come before the generalist it reached through the tree.
internal sealed record ContactMatch(Guid ContactId, double Score, MatchStrength Strength, MatchComponents Components, IReadOnlyList<MatchReasonResponse> Reasons,
    int Breadth = 0, int RestsOn = -1, IReadOnlyList<int>? Lineage = null);

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
    public required double[] PhraseLogits { get; init; }
    public required double[] PhraseScores { get; init; }
    public required float[] PhraseLexical { get; init; }
    public required bool[] PhraseExact { get; init; }
    public required float[] PhraseSemantic { get; init; }
    public required float[] PhraseStanding { get; init; }
    public required int[] PhraseLexicalSentence { get; init; }
    /// <summary>Per phrase, its relevance as a typed interest (with the IPTC tree, for a field) — <see cref="PhraseScores"/> is as an implicit one.</summary>
    public required double[] PhraseTypedScores { get; init; }
    /// <summary>Per phrase, the topic relevance (stage one) as a logit; 0 for a phrase matched lexically only.</summary>
    public required double[] PhraseTopicLogits { get; init; }
    /// <summary>Per phrase, the mean cosine of the three article sentences closest to it, and the closest one (-1 when none was embedded).</summary>
    public required float[] PhraseSupport { get; init; }
    public required int[] PhraseSupportSentence { get; init; }
    /// <summary>Per phrase that names IPTC topics, the article's best z-score within them, and the topic where it was (-1 when none).</summary>
    public required float[] PhraseTopicTree { get; init; }
    public required int[] PhraseTopic { get; init; }
    /// <summary>Per phrase, how specific its words are when the phrase itself stands in the title or lead (0 when it does not).</summary>
    public required float[] PhraseInLead { get; init; }
    /// <summary>Per phrase, whether a topic it names is one of the few the article is most about.</summary>
    public required bool[] PhraseOnTopic { get; init; }
    /// <summary>Per phrase, how many IPTC topics the topics it names cover (0 when it names none): how broad an interest it is.</summary>
    public required int[] PhraseBreadth { get; init; }
    public required double[] ContactScores { get; init; }
    /// <summary>Per contact, the reference (an index into <see cref="InterestIndex.ContactPhrases"/>) of its best interest; -1 when it has none.</summary>
    public required int[] ContactBestReference { get; init; }
    public double MatchMilliseconds { get; set; }
    /// <summary>Per contact, the title of the article the user sent them that this one is like, when that raised their relevance.</summary>
    public string?[]? FeedbackTitles { get; set; }
}

/// <summary>
/// Scores an article against an account's contacts' interests. Each distinct interest phrase gets a relevance: a
/// logistic model over what the embedding says (its mean cosine with the article's passages, its best cosine with
/// the article's key phrases, and how far it stands above everyday reference interests on the same article) and
/// what the words say (its stemmed words in the article, weighted by where they stand). The model's weights are
/// learned from labelled news and forum posts and checked on the set they were not learned on (docs/matching.md),
/// so the relevance is a probability: it orders contacts to the top without saturating, and one threshold
/// (<see cref="MatchingOptions.MinScore"/>) decides when nobody fits. A contact takes its best interest plus a
/// share of the headroom for a second one.
/// </summary>
internal sealed class InterestMatcher : IDisposable
{
    // One body mention of a single word (0.28) is not worth showing as the reason; one of a two-word phrase (0.49) is.
    private const double LexicalEvidenceFloor = 0.3;

    private readonly TextEmbedder embedder;
    private readonly MatchingOptions options;
    private readonly TopicsOptions topicsOptions;
    private readonly MemoryCache cache;
    private readonly Lock referenceGate = new();
    private readonly Lazy<Knowledge?> knowledge;
    private float[]? referenceVectors;
    // Articles whose vectors are being computed, by content key: a request that stopped waiting leaves the work running
    // (its result is cached for the next ask), and a second request for the same article waits on it instead of
    // starting it again. Stopped and waited for at dispose, before the model goes.
    private readonly ConcurrentDictionary<string, Task<ArticleAnalysis>> embedding = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    public InterestMatcher(TextEmbedder embedder, IOptions<MatchingOptions> options, IOptions<TopicsOptions> topicsOptions)
    {
        this.embedder = embedder;
        this.options = options.Value;
        this.topicsOptions = topicsOptions.Value;
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(0, this.options.ArticleCacheMegabytes) * (1L << 20), TrackStatistics = true });
        knowledge = new Lazy<Knowledge?>(() => Matching.Knowledge.For(this.options.VectorModel));
        // Loading takes a few seconds: start now and answer lexically meanwhile.
        embedder.StartLoading();
    }

    public MatchingOptions Options => options;

    /// <summary>What the article-analysis cache holds: its estimated bytes and its entries.</summary>
    internal (long Bytes, long Count) CachedAnalyses => cache.GetCurrentStatistics() is { } s ? (s.CurrentEstimatedSize ?? 0, s.CurrentEntryCount) : (0, 0);

    public MatchMode CurrentMode => embedder.IsReady ? MatchMode.Combined : MatchMode.LexicalOnly;

    /// <summary>Embeds interest phrases for storage or an index (waits for the model); keys are normalised phrases.</summary>
    public async Task<Dictionary<string, float[]>> EmbedPhrasesAsync(IEnumerable<string> phrases, CancellationToken ct = default)
    {
        var distinct = phrases.Select(Phrases.Key).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
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

    /// <param name="feedback">Per contact, what the user shared with them and marked "not for them": it moves their relevance towards articles like the first and away from articles like the second.</param>
    /// <summary>The least relevance at which a contact fits an article (<see cref="MatchingOptions.MinScore"/>).</summary>
    public double MinScore => options.MinScore;

    public MatchResult Match(ArticleAnalysis analysis, InterestIndex index, IReadOnlyDictionary<Guid, ContactFeedback>? feedback = null)
    {
        var scores = Score(analysis, index);
        ApplyFeedback(scores, feedback);
        var started = Stopwatch.GetTimestamp();
        var order = Enumerable.Range(0, index.ContactCount)
            .Where(c => scores.ContactScores[c] >= options.MinScore)
            .OrderByDescending(c => scores.ContactScores[c])
            .ThenBy(c => index.ContactIds[c])
            .Take(options.MaxMatches);
        var matches = order.Select(c => ExplainContact(scores, c)).ToList();
        scores.MatchMilliseconds += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new MatchResult(
            analysis.Topics.Topics,
            matches,
            matches.Count == 0 ? NoMatchReason(scores) : null,
            analysis.HasVectors && options.UseEmbeddings ? MatchMode.Combined : MatchMode.LexicalOnly,
            analysis.EmbedMilliseconds,
            scores.MatchMilliseconds);
    }

    /// <summary>
    /// The article as matching reads it: its topics (extracted before, <see cref="TopicExtractor"/>) and, when the
    /// model is ready, its passage and key-phrase vectors. Cached by content, so a repeat request for the same
    /// article costs only the match step.
    /// </summary>
    /// <remarks>
    /// The vectors are waited for at most <see cref="MatchingOptions.ArticleEmbedWait"/>; past it the answer is the
    /// lexical analysis and the vectors are finished in the background for the next request.
    /// </remarks>
    public ArticleAnalysis Analyze(Article article, ArticleTopics topics, CancellationToken ct = default)
    {
        var key = ArticleAnalysis.ContentKey(article);
        if (cache.TryGetValue(key, out ArticleAnalysis? cached) && cached is not null) return cached;
        if (!WillEmbed(topics)) return AnalyzeUncached(article, topics, ct);
        var started = Stopwatch.GetTimestamp();
        var fresh = new Task<ArticleAnalysis>(() => EmbedAndKeep(key, article, topics));
        var work = embedding.GetOrAdd(key, fresh);
        if (work == fresh) fresh.Start(TaskScheduler.Default);
        try
        {
            if (work.Wait((int)Math.Clamp(options.ArticleEmbedWait.TotalMilliseconds, 0, int.MaxValue), ct)) return work.Result;
        }
        catch (AggregateException) when (work.IsCanceled || stopping.IsCancellationRequested)
        {
            // Stopped for shutdown: the words will do for the last answer.
        }
        // Lexical-only analyses are not kept: once the vectors are in, this article deserves them.
        return new ArticleAnalysis { Topics = topics, EmbedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
    }

    /// <summary>Completes when every article embedding running now has finished (tests; a request does not wait for it).</summary>
    internal Task WhenArticlesEmbeddedAsync() => Task.WhenAll(embedding.Values).ContinueWith(_ => { }, TaskScheduler.Default);

    private bool WillEmbed(ArticleTopics topics) =>
        options.UseEmbeddings && embedder.IsReady && Languages.ReadByModel(topics.Text.Language);

    private ArticleAnalysis EmbedAndKeep(string key, Article article, ArticleTopics topics)
    {
        try
        {
            var analysis = AnalyzeUncached(article, topics, stopping.Token);
            if (analysis.HasVectors) cache.Set(key, analysis, new MemoryCacheEntryOptions { Size = analysis.EstimatedBytes });
            return analysis;
        }
        finally
        {
            embedding.TryRemove(key, out _);
        }
    }

    /// <summary>The analysis without the cache: what a new article costs (the benchmarks, the evaluation of thousands of articles).</summary>
    internal ArticleAnalysis AnalyzeUncached(Article article, ArticleTopics topics, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        // A page in a script the model cannot read is matched by its words, not guessed at by meaning.
        if (!WillEmbed(topics))
            return new ArticleAnalysis { Topics = topics, EmbedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds };

        var passages = ArticleAnalysis.Passages(topics.Text, article.Tags, options.Passages, options.PassageWords);
        var keyTopics = topics.Topics.Take(options.KeyPhrases).ToList();
        string[] keyPhrases = [.. keyTopics.Select(t => t.Phrase)];
        var passageVectors = embedder.Embed(passages, options.MaxTokens, ct);
        var keyVectors = embedder.Embed(keyPhrases, options.MaxTokens, ct);
        // The sentences a reason can quote and the score rests on: the title, headings, lead and body, from the top.
        var sentences = ArticleAnalysis.ReadSentences(topics.Text, options.Sentences).ToList();
        var sentenceVectors = embedder.Embed([.. sentences.Select(x => x.Text)], options.SentenceTokens, ct);
        return new ArticleAnalysis
        {
            Topics = topics,
            PassageVectors = passageVectors,
            PassageCount = passages.Count,
            SentenceVectors = sentenceVectors,
            SentenceIndices = [.. sentences.Select(x => x.Index)],
            KeyPhrases = keyPhrases,
            KeyPhraseVectors = keyVectors,
            KeyPhraseWeights = [.. keyTopics.Select(t => (float)t.Weight)],
            EmbedMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    /// <summary>An article that fits a contact (its position in the list matched), with the reasons.</summary>
    public sealed record ArticleMatch(int Article, ContactMatch Match);

    /// <summary>
    /// The reverse of <see cref="Match"/>: many articles (a reading list) against a few contacts. For each contact of
    /// the index, the articles that fit them (relevance at least <see cref="MatchingOptions.MinScore"/>), best first,
    /// earlier in the list first among equals; the reasons are worked out only for the articles the caller reads.
    /// </summary>
    public IReadOnlyList<IEnumerable<ArticleMatch>> MatchArticles(IReadOnlyList<ArticleAnalysis> articles, InterestIndex index,
        IReadOnlyDictionary<Guid, ContactFeedback>? feedback = null)
    {
        var scores = articles.Select(a => Score(a, index)).ToArray();
        foreach (var s in scores) ApplyFeedback(s, feedback);
        return [.. Enumerable.Range(0, index.ContactCount).Select(Fitting)];

        IEnumerable<ArticleMatch> Fitting(int c) => Enumerable.Range(0, scores.Length)
            .Where(a => scores[a].ContactScores[c] >= options.MinScore)
            .OrderByDescending(a => scores[a].ContactScores[c]).ThenBy(a => a)
            .Select(a => new ArticleMatch(a, ExplainContact(scores[a], c)));
    }

    /// <summary>The IPTC topics and background news the matcher reads beside the model; null for a model or wording it was not made for.</summary>
    internal Knowledge? Knowledge => knowledge.Value;

    /// <summary>Scores every distinct phrase and every contact; <see cref="Match"/> adds thresholds and reasons.</summary>
    internal ArticleScores Score(ArticleAnalysis analysis, InterestIndex index)
    {
        var started = Stopwatch.GetTimestamp();
        var useVectors = options.UseEmbeddings && analysis.HasVectors;
        var reference = useVectors ? Reference(analysis) : default;
        var known = useVectors ? Knowledge : null;
        var profile = known is null ? null : analysis.TopicProfile ??= known.ProfileOf(analysis.MeanPassage());
        var phrases = PhraseKnowledge(index);
        var n = index.PhraseCount;
        var logits = new double[n];
        var lexical = new float[n];
        var semantic = new float[n];
        var standing = new float[n];
        var sentence = new int[n];
        var exact = new bool[n];
        var phraseScores = new double[n];
        var support = new float[n];
        var supportSentence = new int[n];
        var topicTree = new float[n];
        var onTopic = new bool[n];
        var inLead = new float[n];
        var topicLogits = new double[n];
        var treeLogits = new double[n];
        var viaTree = new bool[n];
        var typedScores = new double[n];
        var topicBest = new int[n];
        var text = analysis.Topics.Text;
        for (var p = 0; p < n; p++)
        {
            var evidence = options.UseLexical ? LexicalScore(text, index.PhraseStems[p], index.PhraseParts[p]) : new LexicalEvidence(0, -1, false);
            // A phrase of everyday words ("company", "owner") is no evidence by being written in an article.
            var words = evidence.Score * phrases.Specificity[p];
            lexical[p] = (float)words;
            sentence[p] = evidence.Sentence;
            exact[p] = evidence.Exact && phrases.Specificity[p] > 0;
            // The interest itself, in a word rare in ordinary news, where the story states its subject.
            inLead[p] = exact[p] && text.Sentences[evidence.Sentence].Zone is TextZone.Title or TextZone.Lead or TextZone.Tag ? (float)phrases.Specificity[p] : 0;
            topicBest[p] = -1;
            supportSentence[p] = -1;
            if (useVectors && index.HasVector(p))
            {
                var v = index.Vector(p);
                var f = Features(analysis, v, reference);
                standing[p] = (float)f.Standing;
                // The topic relevance (stage one): what the meaning says, then the words, fitted on labelled news.
                var semanticLogit = options.RelevanceIntercept + options.PassageWeight * f.Passages + options.KeyPhraseWeight * f.KeyPhrase + options.ReferenceWeight * f.Standing;
                semantic[p] = (float)Logistic(semanticLogit);
                var topicLogit = topicLogits[p] = semanticLogit + options.LexicalWeight * words;
                // The whole-list relevance (stage two): the sentences that support the interest, and for an interest
                // that names a field of the IPTC tree, how unusually the article sits within that field.
                support[p] = SentenceSupport(analysis, v, f.Passages, out supportSentence[p]);
                var anchors = phrases.Anchors[p];
                var within = 0f;
                foreach (var anchor in anchors)
                    if (profile!.SubtreeBest[anchor] > within || topicBest[p] < 0)
                        (within, topicBest[p]) = (profile.SubtreeBest[anchor], profile.SubtreeArgBest[anchor]);
                topicTree[p] = within;
                onTopic[p] = anchors.Any(profile!.Top.Contains);
                logits[p] = options.WholeIntercept + options.TopicRelevanceWeight * topicLogit + options.SentenceSupportWeight * support[p]
                    + options.WholeLexicalWeight * words + options.InLeadWeight * inLead[p];
                // The tree speaks for a field someone typed ("science", "sport"), not for a leaf ("marathon") nor for a
                // guess read from a headline, which it would only widen further.
                if (phrases.Breadth[p] >= options.FieldBreadth)
                {
                    treeLogits[p] = logits[p] + options.TopicTreeWeight * within + options.NamesATopicWeight;
                    viaTree[p] = true;
                }
            }
            else
                logits[p] = options.LexicalOnlyIntercept + options.LexicalOnlyWeight * words;
            phraseScores[p] = Logistic(logits[p]);
            typedScores[p] = viaTree[p] ? Logistic(treeLogits[p]) : phraseScores[p];
        }

        var contactScores = new double[index.ContactCount];
        var bestReference = new int[index.ContactCount];
        for (var c = 0; c < index.ContactCount; c++)
        {
            double best = 0, second = 0;
            var bestK = -1;
            for (var k = index.ContactStart[c]; k < index.ContactStart[c + 1]; k++)
            {
                // An implicit interest (read from a headline, tags, notes…) counts a share of its relevance, read without the tree.
                var p = index.ContactPhrases[k];
                var s = (index.ContactOrigins[k] is null ? typedScores[p] : phraseScores[p]) * index.ContactWeights[k];
                if (bestK < 0 || s > best) { second = best; best = s; bestK = k; }
                else if (s > second) second = s;
            }
            // A second fitting interest takes a share of what is left below 1: more, but never saturated.
            contactScores[c] = best + options.SecondInterestBonus * second * (1 - best);
            bestReference[c] = bestK;
        }

        return new ArticleScores
        {
            Analysis = analysis,
            Index = index,
            PhraseLogits = logits,
            PhraseScores = phraseScores,
            PhraseTypedScores = typedScores,
            PhraseLexical = lexical,
            PhraseExact = exact,
            PhraseSemantic = semantic,
            PhraseStanding = standing,
            PhraseLexicalSentence = sentence,
            PhraseTopicLogits = topicLogits,
            PhraseSupport = support,
            PhraseSupportSentence = supportSentence,
            PhraseTopicTree = topicTree,
            PhraseTopic = topicBest,
            PhraseOnTopic = onTopic,
            PhraseInLead = inLead,
            PhraseBreadth = phrases.Breadth,
            ContactScores = contactScores,
            ContactBestReference = bestReference,
            MatchMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    /// <summary>
    /// The user's shares and "not for them"s as labels for each person. How close the article comes to the nearest
    /// article the user sent them is a relevance of its own (a logistic in that cosine), joined to the interests'
    /// as either being enough; how close it comes to the nearest they marked "not for them" takes away in the same
    /// measure. Articles of one topic lie about 0.33 apart at best, of two topics about 0.19 (docs/matching.md).
    /// </summary>
    private void ApplyFeedback(ArticleScores scores, IReadOnlyDictionary<Guid, ContactFeedback>? feedback)
    {
        if (feedback is not { Count: > 0 } || !scores.Analysis.HasVectors || !options.UseEmbeddings || !options.LearnFromUser) return;
        var mean = scores.Analysis.MeanPassage();
        var index = scores.Index;
        scores.FeedbackTitles = new string?[index.ContactCount];
        for (var c = 0; c < index.ContactCount; c++)
        {
            if (!feedback.TryGetValue(index.ContactIds[c], out var f)) continue;
            var (sent, title) = (float.MinValue, (string?)null);
            foreach (var (vector, t) in f.Sent)
                if (TensorPrimitives.Dot(mean, vector) is var cos && cos > sent) (sent, title) = (cos, t);
            var likeSent = f.Sent.Count == 0 ? 0 : Logistic(options.FeedbackSlope * (sent - options.FeedbackCenter));
            var likeRefused = f.Refused.Count == 0 ? 0 : Logistic(options.FeedbackSlope * (f.Refused.Max(v => TensorPrimitives.Dot(mean, v)) - options.FeedbackCenter));
            var before = scores.ContactScores[c];
            scores.ContactScores[c] = (1 - (1 - before) * (1 - likeSent)) * (1 - likeRefused);
            if (likeSent >= options.MinScore) scores.FeedbackTitles[c] = title ?? "an article";
        }
    }

    /// <summary>
    /// How well the article's own sentences support an interest: the mean cosine of the three closest (one sentence
    /// that happens to be close is not yet a subject; of a short article, fewer), and the closest one, which the
    /// reason quotes. An analysis kept
    /// from before sentences were embedded reads its passages instead.
    /// </summary>
    private static float SentenceSupport(ArticleAnalysis a, ReadOnlySpan<float> v, double passages, out int best)
    {
        best = -1;
        if (a.SentenceVectors is not { } vectors || a.SentenceIndices.Length == 0) return (float)passages;
        float first = float.MinValue, second = float.MinValue, third = float.MinValue;
        for (var i = 0; i < a.SentenceIndices.Length; i++)
        {
            var c = TensorPrimitives.Dot(v, vectors.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
            if (c > first) { (third, second, first) = (second, first, c); best = a.SentenceIndices[i]; }
            else if (c > second) (third, second) = (second, c);
            else if (c > third) third = c;
        }
        // Three of a long article, fewer of a brief one: in four sentences, one is already a quarter of the story.
        var count = Math.Clamp((int)Math.Round(a.SentenceIndices.Length / 4.0), 1, 3);
        return (first + (count > 1 ? second : 0) + (count > 2 ? third : 0)) / count;
    }

    /// <summary>Per phrase of an index: the IPTC topics it names, how broad they are, and how specific its words are.</summary>
    internal sealed record PhraseFacts(int[][] Anchors, int[] Breadth, double[] Specificity);

    private readonly ConditionalWeakTable<InterestIndex, PhraseFacts> phraseFacts = new();
    private readonly ConcurrentDictionary<string, int[]> anchorCache = new(StringComparer.Ordinal);

    // Anchors of ~100 bytes each: 100,000 phrases is a few MB. Past it the cache starts again; an index keeps its own.
    private const int AnchorCacheSize = 100_000;

    /// <summary>One phrase's facts, kept with the phrase in its index (<see cref="InterestIndex.PhraseFacts"/>) by the matcher that worked them out.</summary>
    private sealed record PhraseFact(InterestMatcher Matcher, int[] Anchors, int Breadth, double Specificity);

    /// <summary>
    /// Worked out once per index, and per phrase once for as long as an index holds it: an index updated after an edit
    /// carries its phrases' facts over, so only its new phrases are worked out (and the anchors once per phrase string,
    /// whatever index holds it).
    /// </summary>
    private PhraseFacts PhraseKnowledge(InterestIndex index) =>
        phraseFacts.GetValue(index, i =>
        {
            var anchors = new int[i.PhraseCount][];
            var breadth = new int[i.PhraseCount];
            var specificity = new double[i.PhraseCount];
            var known = Knowledge;
            for (var p = 0; p < i.PhraseCount; p++)
            {
                if (i.PhraseFacts[p] is not PhraseFact fact || fact.Matcher != this)
                {
                    var a = known is null || !i.HasVector(p) ? [] : AnchorsOf(i, p, known);
                    i.PhraseFacts[p] = fact = new PhraseFact(this, a, a.Sum(x => known!.SubtreeSize[x]), Specificity(i.PhraseStems[p], known));
                }
                (anchors[p], breadth[p], specificity[p]) = (fact.Anchors, fact.Breadth, fact.Specificity);
            }
            return new PhraseFacts(anchors, breadth, specificity);
        });

    private int[] AnchorsOf(InterestIndex index, int phrase, Knowledge known)
    {
        var key = index.Phrases[phrase];
        if (anchorCache.TryGetValue(key, out var cached)) return cached;
        var anchors = known.Anchors(index.Vector(phrase), options.TopicAnchorSimilarity, options.TopicAnchorMargin);
        if (anchorCache.Count >= AnchorCacheSize) anchorCache.Clear();
        anchorCache[key] = anchors;
        return anchors;
    }

    /// <summary>
    /// 1 for a phrase with a word that is rare in ordinary news, falling to 0 for one whose every word is in a tenth
    /// of it or more ("company", "work"); what a lexical hit of the phrase is worth.
    /// </summary>
    internal double Specificity(string[] stems, Knowledge? known)
    {
        if (stems.Length == 0 || known is null) return 1;
        var rarest = stems.Min(known.Frequency);
        return Math.Clamp((options.GenericFrequency - rarest) / (options.GenericFrequency - options.SpecificFrequency), 0, 1);
    }

    /// <summary>What the relevance model reads of one interest on one article (besides its lexical evidence).</summary>
    internal readonly record struct SemanticFeatures(double Passages, double KeyPhrase, double Standing, int BestKeyPhrase);

    /// <summary>The mean and spread of the reference interests' passage cosine on one article: the yardstick for <see cref="SemanticFeatures.Standing"/>.</summary>
    internal readonly record struct Yardstick(double Mean, double Spread);

    internal SemanticFeatures Features(ArticleAnalysis a, ReadOnlySpan<float> v, Yardstick reference)
    {
        var passages = MeanPassageCosine(a, v);
        var keys = a.KeyPhraseVectors.AsSpan();
        var bestKeySim = 0.0;
        var bestKey = -1;
        for (var j = 0; j < a.KeyPhrases.Length; j++)
        {
            // A key phrase stands for the article as much as its topic is central to it.
            var sim = TensorPrimitives.Dot(v, keys.Slice(j * TextEmbedder.Dimensions, TextEmbedder.Dimensions)) * (0.5 + 0.5 * a.KeyPhraseWeights[j]);
            if (sim > bestKeySim) { bestKeySim = sim; bestKey = j; }
        }
        return new SemanticFeatures(passages, bestKeySim, (passages - reference.Mean) / reference.Spread, bestKey);
    }

    private static double MeanPassageCosine(ArticleAnalysis a, ReadOnlySpan<float> v)
    {
        var passages = a.PassageVectors.AsSpan();
        double sum = 0;
        for (var i = 0; i < a.PassageCount; i++)
            sum += TensorPrimitives.Dot(v, passages.Slice(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
        return sum / a.PassageCount;
    }

    /// <summary>Mean and spread of the reference interests' passage cosine on this article, computed once per analysis.</summary>
    internal Yardstick Reference(ArticleAnalysis analysis)
    {
        if (analysis.Reference is { } known) return known;
        var vectors = ReferenceVectors();
        var sims = new double[ReferenceInterests.All.Length];
        for (var i = 0; i < sims.Length; i++)
            sims[i] = MeanPassageCosine(analysis, vectors.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
        var mean = sims.Average();
        var spread = Math.Sqrt(sims.Sum(s => (s - mean) * (s - mean)) / sims.Length);
        // A floor keeps a degenerate article (a few words) from turning tiny differences into huge deviations.
        var yardstick = new Yardstick(mean, Math.Max(spread, 0.02));
        analysis.Reference = yardstick;
        return yardstick;
    }

    // Embedded once per process (~0.1 s), on the first request with vectors. Not in the background after the model
    // loads: a matcher disposed meanwhile (tests, shutdown) would have the model torn down under a running inference.
    private float[] ReferenceVectors()
    {
        if (referenceVectors is { } ready) return ready;
        lock (referenceGate)
            return referenceVectors ??= embedder.Embed([.. ReferenceInterests.All.Select(p => options.QueryPrefix + p)], options.MaxTokens);
    }

    /// <summary>
    /// Lexical evidence for a phrase: zone-weighted occurrences of its stems in sequence, saturating towards 1.
    /// Multi-word phrases whose words only occur apart get a little credit; "X and Y" phrases take their best side.
    /// Returns the score and the sentence of the strongest occurrence (-1 if none).
    /// </summary>
    internal LexicalEvidence LexicalScore(ArticleText text, string[] stems, string[][] parts)
    {
        var best = PhraseOccurrences(text, stems);
        foreach (var part in parts)
        {
            var side = PhraseOccurrences(text, part);
            if (side.Score * options.AndPartWeight > best.Score) best = side with { Score = side.Score * options.AndPartWeight };
        }
        return best;
    }

    /// <summary>Lexical evidence: a score in [0, 1), the sentence of the strongest occurrence (-1 if none), and whether the phrase (or one side of it) stands there whole rather than as words found apart.</summary>
    internal readonly record struct LexicalEvidence(double Score, int Sentence, bool Exact);

    private LexicalEvidence PhraseOccurrences(ArticleText text, string[] stems)
    {
        if (stems.Length == 0 || !text.Postings.TryGetValue(stems[0], out var firstPostings)) return new(0, -1, false);
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
        if (stems.Length == 1) return new(score, best, best >= 0);

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
        return partial > score ? new(partial, partialSentence, false) : new(score, best, best >= 0);
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

    /// <summary>The match of one contact of the index, with its reasons, from scores already computed.</summary>
    private ContactMatch ExplainContact(ArticleScores scores, int contact)
    {
        var index = scores.Index;
        double Weighted(int k) => (index.ContactOrigins[k] is null ? scores.PhraseTypedScores : scores.PhraseScores)[index.ContactPhrases[k]] * index.ContactWeights[k];
        var ranked = Enumerable.Range(index.ContactStart[contact], index.ContactStart[contact + 1] - index.ContactStart[contact])
            .OrderByDescending(Weighted).ToList();
        var reasons = new List<MatchReasonResponse>();
        foreach (var k in ranked)
        {
            // The best interest always explains; others only when they fit on their own.
            if (reasons.Count == options.MaxReasons || (reasons.Count > 0 && Weighted(k) < options.MinScore)) break;
            var reason = Reason(scores, index.ContactPhrases[k], typed: index.ContactOrigins[k] is null) with { Score = Math.Round(Weighted(k), 6) };
            reasons.Add(index.ContactOrigins[k] is { } origin ? reason with { Source = origin.Source, From = origin.From } : reason);
        }
        // Like an article the user sent them: said when it is what carries the match, or beside interests that do.
        if (scores.FeedbackTitles?[contact] is { } sentTitle && reasons.Count < options.MaxReasons + 1)
        {
            var sentence = SupportingSentence(scores, index.ContactPhrases[scores.ContactBestReference[contact]]);
            var like = new MatchReasonResponse($"like “{sentTitle}”", "feedback", $"close to what you sent them: “{sentTitle}”", sentence?.Text,
                Math.Round(scores.ContactScores[contact], 6), InterestSource.Shared, $"from what you sent them: “{sentTitle}”");
            if (reasons.Count > 0 && reasons[0].Score < options.MinScore) reasons.Insert(0, like); else reasons.Add(like);
        }
        var best = index.ContactPhrases[scores.ContactBestReference[contact]];
        var score = scores.ContactScores[contact];
        return new ContactMatch(
            index.ContactIds[contact],
            score,
            score >= options.StrongScore ? MatchStrength.Strong : MatchStrength.Possible,
            new MatchComponents(Math.Round(scores.PhraseLexical[best], 4), Math.Round(scores.PhraseSemantic[best], 4), Math.Round(scores.PhraseStanding[best], 2)),
            reasons,
            scores.PhraseBreadth[best],
            index.ContactOrigins[scores.ContactBestReference[contact]] is null && scores.PhraseTypedScores[best] > scores.PhraseScores[best] ? scores.PhraseTopic[best] : -1,
            Lineage(PhraseKnowledge(index).Anchors[best]));
    }

    /// <summary>The topics an interest names and all their ancestors.</summary>
    private int[] Lineage(int[] anchors)
    {
        if (anchors.Length == 0 || Knowledge is not { } known) return [];
        var lineage = new List<int>();
        foreach (var anchor in anchors)
            for (var t = anchor; t >= 0; t = known.Parent[t]) lineage.Add(t);
        return [.. lineage.Distinct()];
    }

    /// <summary>
    /// Why one interest fits, in the evidence its score rests on: the interest's own words where they stand in the
    /// article (a body sentence when the title holds them); for a field someone typed, the narrower topic of it the
    /// article is about ("astronomy, part of science") with the sentence closest to that topic; else the article's
    /// own sentence closest to the interest. Words of a multi-word interest found apart ("game" for "cloud gaming")
    /// and everyday words ("company") are no evidence of their own.
    /// </summary>
    private MatchReasonResponse Reason(ArticleScores scores, int phrase, bool typed)
    {
        var index = scores.Index;
        var text = scores.Analysis.Topics.Text;
        var score = Math.Round((typed ? scores.PhraseTypedScores : scores.PhraseScores)[phrase], 6);
        var lexical = scores.PhraseLexical[phrase];
        if (scores.PhraseExact[phrase] && (lexical >= scores.PhraseSemantic[phrase] || lexical >= LexicalEvidenceFloor))
        {
            var stems = index.PhraseStems[phrase];
            var parts = index.PhraseParts[phrase];
            var best = text.Sentences[scores.PhraseLexicalSentence[phrase]];
            // The title names the story; the sentence shows what in it serves the interest.
            var supporting = best.Zone is TextZone.Title or TextZone.Tag
                ? text.Sentences.FirstOrDefault(s => s.Zone is TextZone.Lead or TextZone.Body or TextZone.Heading && ContainsPhrase(s, stems, parts)) ?? SupportingSentence(scores, phrase)
                : best;
            return new MatchReasonResponse(index.Phrases[phrase], "lexical", WordsAsWritten(best, stems, parts), supporting?.Text, score);
        }

        var topic = scores.PhraseTopic[phrase];
        if (typed && topic >= 0 && Knowledge is { } known && scores.PhraseBreadth[phrase] >= options.FieldBreadth
            && scores.PhraseTopicTree[phrase] >= options.TopicReasonZ && !PhraseKnowledge(index).Anchors[phrase].Contains(topic)
            && ClosestSentence(scores.Analysis, known.Description(topic)) is { } topical)
            return new MatchReasonResponse(index.Phrases[phrase], "topic", $"{known.Topics[topic].Name}, part of {index.Phrases[phrase]}", topical.Text, score);

        var evidence = SupportingSentence(scores, phrase, out var keyPhrase);
        return new MatchReasonResponse(index.Phrases[phrase], "semantic", keyPhrase ?? evidence?.Text ?? text.Title, evidence?.Text, score);
    }

    /// <summary>The embedded sentence of the article closest to a vector; null when none was embedded.</summary>
    private static ArticleSentence? ClosestSentence(ArticleAnalysis a, ReadOnlySpan<float> v)
    {
        if (a.SentenceVectors is not { } vectors || a.SentenceIndices.Length == 0) return null;
        var best = 0;
        var bestCos = float.MinValue;
        for (var i = 0; i < a.SentenceIndices.Length; i++)
        {
            var c = TensorPrimitives.Dot(v, vectors.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
            if (c > bestCos) (bestCos, best) = (c, i);
        }
        return a.Topics.Text.Sentences[a.SentenceIndices[best]];
    }

    private ArticleSentence? SupportingSentence(ArticleScores scores, int phrase) => SupportingSentence(scores, phrase, out _);

    /// <summary>
    /// The sentence of the article closest to the interest (what its support rests on), with the key phrase it holds
    /// that is closest to the interest as the evidence; for an analysis without sentence vectors, the sentence holding
    /// that key phrase, else the lead.
    /// </summary>
    private ArticleSentence? SupportingSentence(ArticleScores scores, int phrase, out string? keyPhrase)
    {
        var analysis = scores.Analysis;
        var text = analysis.Topics.Text;
        keyPhrase = null;
        if (!analysis.HasVectors || !options.UseEmbeddings || !scores.Index.HasVector(phrase))
            return text.Sentences.FirstOrDefault(s => s.Zone is TextZone.Lead or TextZone.Body);
        var features = Features(analysis, scores.Index.Vector(phrase), Reference(analysis));
        var key = features.BestKeyPhrase >= 0 ? analysis.KeyPhrases[features.BestKeyPhrase] : null;
        if (scores.PhraseSupportSentence[phrase] is var s and >= 0)
        {
            var sentence = text.Sentences[s];
            if (key is not null && sentence.Text.Contains(key, StringComparison.OrdinalIgnoreCase)) keyPhrase = key;
            return sentence;
        }
        return SemanticSentence(scores, phrase, out keyPhrase);
    }

    private ArticleSentence? SemanticSentence(ArticleScores scores, int phrase) => SemanticSentence(scores, phrase, out _);

    private ArticleSentence? SemanticSentence(ArticleScores scores, int phrase, out string? keyPhrase)
    {
        var analysis = scores.Analysis;
        var text = analysis.Topics.Text;
        var body = text.Sentences.Where(s => s.Zone is TextZone.Lead or TextZone.Body).ToList();
        keyPhrase = null;
        if (analysis.HasVectors && options.UseEmbeddings && scores.Index.HasVector(phrase))
        {
            var features = Features(analysis, scores.Index.Vector(phrase), Reference(analysis));
            if (features.BestKeyPhrase >= 0)
            {
                var key = analysis.KeyPhrases[features.BestKeyPhrase];
                var holding = body.FirstOrDefault(s => s.Text.Contains(key, StringComparison.OrdinalIgnoreCase));
                if (holding is not null)
                {
                    keyPhrase = key;
                    return holding;
                }
            }
        }
        // The lead states the article's point.
        return body.FirstOrDefault();
    }

    private static bool ContainsPhrase(ArticleSentence sentence, string[] stems, string[][] parts)
    {
        foreach (var candidate in parts.Prepend(stems))
            for (var i = 0; i + candidate.Length <= sentence.ContentStems.Length; i++)
                if (sentence.ContentStems.AsSpan(i, candidate.Length).SequenceEqual(candidate)) return true;
        return false;
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

    // Plain words: the user is told that nobody fits, not another contact's interest or the model's numbers.
    private static string NoMatchReason(ArticleScores scores) =>
        scores.Index.ContactCount == 0 ? "No contacts with interests to match yet."
        : scores.Analysis.Topics.Text.Sentences.Count == 0 ? "The page has no text to match against."
        : "None of your contacts' interests fits this article closely enough.";

    public void Dispose()
    {
        // An article still being embedded stops at its next batch; wait for it, so no inference outlives the matcher
        // (the model, created before it, is disposed after it).
        stopping.Cancel();
        try { Task.WaitAll([.. embedding.Values], TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { /* cancelled, as asked */ }
        cache.Dispose();
        stopping.Dispose();
    }
}
