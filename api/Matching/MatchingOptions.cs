namespace ContentHelper.Api.Matching;

/// <summary>
/// Tunables of interest matching, bound from the "Matching" configuration section. The defaults were chosen on
/// the BBC dev set and a second self-written phrase set (see docs/matching.md), preferring values that did
/// well on both over the best value for either.
/// </summary>
public sealed class MatchingOptions
{
    /// <summary>Use the sentence-embedding model. Off: lexical matching only (no model load, ~0.2 ms per article).</summary>
    public bool UseEmbeddings { get; set; } = true;

    /// <summary>Use lexical matching. Switch off only to measure the embedding alone; lexical precision on exact phrases is half of the method.</summary>
    public bool UseLexical { get; set; } = true;

    /// <summary>Directory with model.onnx and vocab.txt of an all-MiniLM-L6-v2 compatible model; empty uses the copy the build ships in all-MiniLM-L6-v2/ beside the API.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Words put before an interest phrase when it is embedded: "a report on science" sits where articles about
    /// science sit, while a bare word sits among words. Chosen on the BBC set among five wordings and confirmed on
    /// 20 Newsgroups (docs/matching.md). Stored vectors are kept per model and wording (<see cref="VectorModel"/>).
    /// </summary>
    public string QueryPrefix { get; set; } = "a report on ";

    /// <summary>What stored interest vectors were computed with; vectors of another model or wording are not comparable and are embedded again.</summary>
    internal string VectorModel =>
        (string.IsNullOrWhiteSpace(ModelDirectory) ? TextEmbedder.ModelId : "custom " + Path.GetFileName(Path.TrimEndingDirectorySeparator(ModelDirectory)))
        + (QueryPrefix.Length > 0 ? $" \"{QueryPrefix.Trim()}\"" : "");

    /// <summary>ONNX Runtime intra-op threads per inference. One thread with spinning off was fastest on 2 cores, and leaves the other core to a concurrent request.</summary>
    public int ModelThreads { get; set; } = 1;

    /// <summary>
    /// Longest a request waits for a new article's vectors (about 40 short texts through the model). Past it the article
    /// is matched by its words, and the vectors, finished in the background, serve the next request for it ("Ask
    /// again"). The model's first inference after a start, or a busy server, can take seconds: without this bound the
    /// popup's first click could run out of its <c>Suggestions:TimeBudget</c> waiting for meaning it could do without.
    /// </summary>
    public TimeSpan ArticleEmbedWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Texts per inference call when embedding many interest phrases; phrases are sorted by length first so batches pad little.</summary>
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Article passages embedded: the first is title + lead, the rest are spread evenly over the body so a long article is not judged by its opening alone.</summary>
    public int Passages { get; set; } = 3;

    /// <summary>Words per passage. About 1.3 tokens per word keeps a passage under the model's 256-token window.</summary>
    public int PassageWords { get; set; } = 150;

    /// <summary>Token cap per embedded text; all-MiniLM-L6-v2 was trained on at most 256 tokens.</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Sentences of an article embedded (title, headings, lead and body, from the top): what reasons quote and the score rests on.</summary>
    public int Sentences { get; set; } = 40;

    /// <summary>Token cap per embedded sentence; a longer one is read by its beginning.</summary>
    public int SentenceTokens { get; set; } = 96;

    /// <summary>How many of the article's top topics are embedded as short phrases; they let a fine interest ("carbon capture") meet its paraphrase and give semantic matches a readable evidence.</summary>
    public int KeyPhrases { get; set; } = 12;

    // Relevance is a logistic model: logit = intercept + Σ weight × feature, relevance = 1 / (1 + e^-logit), the
    // probability that the interest is what the article is about. The weights are learned from data by
    // `ContentHelper.Eval matching --fit` (docs/matching.md says on what, and how it carried over to the other set);
    // change them only with a new fit.

    /// <summary>Intercept of the relevance model when the model's vectors are used.</summary>
    public double RelevanceIntercept { get; set; } = -5.04;

    /// <summary>Weight of the interest's mean cosine over the article's passages (title + lead, and two chunks spread over the body).</summary>
    public double PassageWeight { get; set; } = 4.20;

    /// <summary>Weight of the interest's best cosine with the article's key phrases (each scaled by how central that topic is).</summary>
    public double KeyPhraseWeight { get; set; } = 5.50;

    /// <summary>
    /// Weight of the interest's standing on this article: how many standard deviations its passage cosine lies above
    /// the ~160 <see cref="ReferenceInterests"/> on the same article. This moves with the article and its register,
    /// where a raw cosine does not, and is what lets the model stay silent on an article nobody's interest fits.
    /// </summary>
    public double ReferenceWeight { get; set; } = 0.97;

    /// <summary>Weight of the lexical evidence (the interest's words in the article, weighted by where they stand, in [0, 1)).</summary>
    public double LexicalWeight { get; set; } = 1.72;

    // Stage two, the whole-list relevance: would a person send this article to someone who names this interest? A
    // logistic model over the topic relevance above (as a logit), the support of the article's own sentences, and for
    // an interest that names a field of the IPTC tree how unusually the article sits within that field — fitted on a
    // graded network (`ContentHelper.Eval network-fit`, docs/matching.md) and checked on the others.

    /// <summary>Intercept of the whole-list relevance.</summary>
    public double WholeIntercept { get; set; } = -4.825;

    /// <summary>Weight of the topic relevance's logit.</summary>
    public double TopicRelevanceWeight { get; set; } = 0.473;

    /// <summary>Weight of the sentence support: the mean cosine of the interest with the article's three closest sentences.</summary>
    public double SentenceSupportWeight { get; set; } = 9.972;

    /// <summary>Weight of the article's best z-score (against ordinary news) among the IPTC topics the interest names and their subtopics.</summary>
    public double TopicTreeWeight { get; set; } = 0.396;

    /// <summary>What naming an IPTC topic at all adds (or takes).</summary>
    public double NamesATopicWeight { get; set; } = 0.398;

    /// <summary>Weight of the lexical evidence in the whole-list relevance, beside what the topic relevance gives it.</summary>
    public double WholeLexicalWeight { get; set; } = 1.759;

    /// <summary>Topics (with their subtopics) the IPTC topics an interest names must cover for the tree to count: a field, not a leaf.</summary>
    public int FieldBreadth { get; set; } = 3;

    /// <summary>Weight of the interest itself standing in the title or lead, in words rare in ordinary news ("coworking"), beside its lexical evidence anywhere.</summary>
    public double InLeadWeight { get; set; } = 2.473;

    /// <summary>
    /// Learn from the user: what they shared with someone counts as evidence for articles like it, and "not for them"
    /// against. Off: only typed and implicit interests count (what was shared still feeds the implicit ones).
    /// </summary>
    public bool LearnFromUser { get; set; } = true;

    /// <summary>Closeness (cosine of the articles' mean vectors) to something sent or refused at which it counts half; measured with a simulated user (docs/matching.md).</summary>
    public double FeedbackCenter { get; set; } = 0.35;

    /// <summary>How sharply that evidence grows with closeness past <see cref="FeedbackCenter"/>.</summary>
    public double FeedbackSlope { get; set; } = 15;

    /// <summary>Least z-score of a narrower topic for a reason to name it ("astronomy, part of science").</summary>
    public double TopicReasonZ { get; set; } = 2.0;

    /// <summary>Least cosine between an interest and an IPTC topic's name, worded alike, for the interest to name that topic.</summary>
    public double TopicAnchorSimilarity { get; set; } = 0.75;

    /// <summary>Topics within this of the closest are named too ("football": American football and soccer).</summary>
    public double TopicAnchorMargin { get; set; } = 0.05;

    /// <summary>A word in at least this share of ordinary news is everyday: a phrase of such words is no lexical evidence.</summary>
    public double GenericFrequency { get; set; } = 0.10;

    /// <summary>A word in at most this share of ordinary news counts fully as lexical evidence; between the two, in proportion.</summary>
    public double SpecificFrequency { get; set; } = 0.02;

    /// <summary>Intercept of the lexical-only model (while the model loads, if it failed, or for a phrase without a vector yet).</summary>
    public double LexicalOnlyIntercept { get; set; } = -2.48;

    /// <summary>Weight of the lexical evidence in the lexical-only model.</summary>
    public double LexicalOnlyWeight { get; set; } = 6.64;

    /// <summary>Zone-weighted occurrences at which a lexical match scores 1 - 1/e (0.63): one title mention, or three in the body.</summary>
    public double LexicalSaturation { get; set; } = 3.0;

    /// <summary>Credit for the words of a multi-word interest found apart rather than as the phrase; low because "women" and "tech" apart are not "women in tech".</summary>
    public double PartialLexicalWeight { get; set; } = 0.35;

    /// <summary>Credit for one side of an "X and Y" interest ("movies and music" → "music").</summary>
    public double AndPartWeight { get; set; } = 0.8;

    /// <summary>
    /// What an implicit interest's relevance counts for — one read from a contact's headline, company, tags, notes or
    /// the articles sent to them rather than typed — relative to a typed one (1). Below 1 so that a typed interest
    /// outranks a guessed one and a guess needs a clearer fit to pass <see cref="MinScore"/>. Chosen on the BBC
    /// headline protocol and confirmed on 20 Newsgroups (docs/matching.md).
    /// </summary>
    public double ImplicitWeight { get; set; } = 0.8;

    /// <summary>Share of the remaining headroom a contact's second-best interest adds (times its relevance), so a contact whose several interests fit comes first without passing 1.</summary>
    public double SecondInterestBonus { get; set; } = 0.1;

    /// <summary>
    /// The one setting of abstention: the least relevance (a probability) at which a contact is suggested; when
    /// nobody reaches it the answer is "no strong match". Lower it to suggest more, raise it to be more cautious;
    /// docs/matching.md has the measured curve (false suggestions on articles nobody covers against the right
    /// contact first on covered ones) on both dev sets.
    /// </summary>
    public double MinScore { get; set; } = 0.35;

    /// <summary>Relevance from which a match is shown as strong rather than possible.</summary>
    public double StrongScore { get; set; } = 0.7;

    /// <summary>Most contacts returned per article.</summary>
    public int MaxMatches { get; set; } = 50;

    /// <summary>Reasons kept per contact.</summary>
    public int MaxReasons { get; set; } = 3;

    /// <summary>
    /// Memory for the analyses of articles (topics, analysed text, passage and sentence vectors) kept by content hash, so
    /// that a repeat request skips the model, in MB. An analysis takes ~120 KB for a short story and ~2 MB for the longest
    /// text read (100,000 characters): 64 MB holds ~500 of the first or ~30 of the second. Counted in articles (512), it
    /// was what held most of an instance's memory under a soak of long pages (issue 26, item 7). 0: none kept.
    /// </summary>
    public int ArticleCacheMegabytes { get; set; } = 64;

    /// <summary>
    /// Memory for accounts' interest indexes, in MB; past it the least recently used account's index goes (and is built
    /// again from the database when that user comes back). A phrase with its vector takes ~1.8 KB: a 50,000-row import
    /// with ~45,000 distinct phrases read from its headlines is ~85 MB. An index larger than this is kept, alone.
    /// </summary>
    public int IndexCacheMegabytes { get; set; } = 192;

    /// <summary>
    /// Memory for interest-phrase vectors kept across accounts, in MB (~1.8 KB each). The database holds them all; this
    /// spares it a read when a phrase another account uses, or one just stored, is wanted. A vector an index holds costs
    /// nothing more here: they share it. 0: none kept.
    /// </summary>
    public int PhraseVectorCacheMegabytes { get; set; } = 32;

    /// <summary>
    /// Interest phrases one account may have waiting for the embedding model at once (~6 s of one core at ~850 a
    /// second). Accounts take turns in the queue whatever this is; it bounds how much work and memory one account's
    /// burst can queue. A 10,000-contact import has ~3,000 distinct phrases and fits; what does not fit is matched
    /// lexically until the account's next suggestion builds its index, which queues the next share.
    /// </summary>
    public int MaxQueuedPhrasesPerAccount { get; set; } = 5_000;

    /// <summary>
    /// The least time between two sweeps of stored interest vectors that no contact of any account uses any more
    /// (after contacts are deleted or their interests change, and at start). A sweep reads every account's contacts,
    /// so a burst of deletions costs one. 0: a sweep after every such change.
    /// </summary>
    public TimeSpan VectorSweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
