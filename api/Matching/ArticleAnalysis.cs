using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Everything about one article that does not depend on whose contacts it is matched against: topics, analysed
/// text, and (when the model is ready) passage and key-phrase vectors with the background yardstick. Cached by
/// content hash, so a repeat request for the same article costs only the match step.
/// </summary>
internal sealed class ArticleAnalysis
{
    public required ArticleTopics Topics { get; init; }
    /// <summary>Passages × Dimensions, row-major; row 0 is title + lead. Null when matching lexically only.</summary>
    public float[]? PassageVectors { get; init; }
    public int PassageCount { get; init; }
    /// <summary>Key phrases × Dimensions, row-major, for <see cref="KeyPhrases"/>.</summary>
    public float[]? KeyPhraseVectors { get; init; }
    public string[] KeyPhrases { get; init; } = [];
    public float[] KeyPhraseWeights { get; init; } = [];
    public double EmbedMilliseconds { get; init; }
    /// <summary>The reference interests' standing on this article, computed once by the matcher (the same for every account).</summary>
    internal InterestMatcher.Yardstick? Reference { get; set; }

    public bool HasVectors => PassageVectors is not null;

    /// <summary>
    /// Roughly what the analysis holds in managed memory, in bytes: its vectors, and ~20 bytes per character of the text
    /// it read (the sentences with their tokens, stems and postings). Fitted to ArticleMemoryRun (Benchmarks): 124 KB for a
    /// 1,900-character story, 407 KB for 15,000 characters, 2.0 MB for 100,000.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            long floats = (PassageVectors?.Length ?? 0) + (SentenceVectors?.Length ?? 0) + (KeyPhraseVectors?.Length ?? 0);
            long characters = 0;
            foreach (var sentence in Topics.Text.Sentences) characters += sentence.Text.Length;
            return floats * sizeof(float) + characters * 20 + 32 * 1024;
        }
    }

    /// <summary>Sentences × Dimensions, row-major: the title, headings, lead and body sentences matching reads, in order; null when lexical only.</summary>
    public float[]? SentenceVectors { get; init; }
    /// <summary>For each row of <see cref="SentenceVectors"/>, its sentence in <see cref="ArticleTopics.Text"/>.</summary>
    public int[] SentenceIndices { get; init; } = [];

    /// <summary>How the article stands against the IPTC topics (<see cref="Knowledge.ProfileOf"/>), worked out once by the matcher.</summary>
    internal Knowledge.Profile? TopicProfile { get; set; }

    /// <summary>The mean of the passage vectors: the article as one vector.</summary>
    public float[] MeanPassage() => Mean(PassageVectors.AsSpan(0, PassageCount * TextEmbedder.Dimensions));

    /// <summary>
    /// <see cref="MeanPassage"/> of a stored analysis (<see cref="StoredVectors"/>) without restoring it; null where
    /// <see cref="Restore"/> would give one without vectors.
    /// </summary>
    public static float[]? StoredMeanPassage(byte[]? passages, int keyPhraseBytes) =>
        VectorBytes.IsRows(passages) && VectorBytes.IsRows(keyPhraseBytes) ? Mean(VectorBytes.FromBytes(passages)) : null;

    static float[] Mean(ReadOnlySpan<float> rows)
    {
        var dims = TextEmbedder.Dimensions;
        var mean = new float[dims];
        var count = rows.Length / dims;
        for (var p = 0; p < count; p++)
            TensorPrimitives.Add(mean, rows.Slice(p * dims, dims), mean);
        TensorPrimitives.Divide(mean, Math.Max(1, count), mean);
        return mean;
    }

    /// <summary>The vectors as a stored row keeps them (<see cref="VectorBytes"/>); null when the analysis is lexical only.</summary>
    public (byte[] Passages, byte[] KeyPhrases)? StoredVectors() =>
        HasVectors ? (VectorBytes.ToBytes(PassageVectors), VectorBytes.ToBytes(KeyPhraseVectors)) : null;

    /// <summary>
    /// The sentence vectors of a shorter text kept for the article (a reading list's lead and key sentences), as a row
    /// keeps them: for each sentence of <paramref name="kept"/> that matching reads and this analysis embedded, its
    /// place among those sentences and its vector (<see cref="VectorBytes.WriteScaled"/>). Null when nothing was embedded.
    /// </summary>
    public byte[]? StoredSentences(ArticleText kept, int max)
    {
        if (SentenceVectors is not { } vectors) return null;
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SentenceIndices.Length; i++) live.TryAdd(Topics.Text.Sentences[SentenceIndices[i]].Text, i);
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            var place = 0;
            foreach (var sentence in ReadSentences(kept, max))
            {
                if (live.TryGetValue(sentence.Text, out var row))
                {
                    writer.Write((short)place);
                    VectorBytes.WriteScaled(writer, vectors.AsSpan(row * TextEmbedder.Dimensions, TextEmbedder.Dimensions));
                }
                place++;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>The sentences of a text that matching embeds and reads: title, headings, lead and body, from the top.</summary>
    public static IEnumerable<ArticleSentence> ReadSentences(ArticleText text, int max) => text.Sentences.Where(s => s.Zone is not TextZone.Tag).Take(max);

    /// <summary>
    /// An analysis from what was stored of an article: its topics (strongest first, the first ones being the key
    /// phrases the vectors belong to), the <see cref="StoredVectors"/> and the <see cref="StoredSentences"/> of its
    /// kept text; lexical only when there are none. The model reads the passages only through their mean cosine,
    /// which is the cosine with their mean: one vector instead of three makes matching hundreds of remembered
    /// articles three times cheaper.
    /// </summary>
    public static ArticleAnalysis Restore(ArticleTopics topics, byte[]? passages, byte[]? keyPhrases, byte[]? sentences, int maxSentences)
    {
        if (StoredMeanPassage(passages, keyPhrases?.Length ?? 0) is not { } mean) return new ArticleAnalysis { Topics = topics };
        var dims = TextEmbedder.Dimensions;
        var keyCount = Math.Min(keyPhrases!.Length / (dims * sizeof(float)), topics.Topics.Count);
        var (sentenceVectors, sentenceIndices) = RestoreSentences(topics.Text, sentences, maxSentences);
        return new ArticleAnalysis
        {
            Topics = topics,
            PassageVectors = mean,
            PassageCount = 1,
            SentenceVectors = sentenceVectors,
            SentenceIndices = sentenceIndices,
            KeyPhrases = [.. topics.Topics.Take(keyCount).Select(t => t.Phrase)],
            KeyPhraseVectors = VectorBytes.FromBytes(keyPhrases.AsSpan(0, keyCount * dims * sizeof(float))),
            KeyPhraseWeights = [.. topics.Topics.Take(keyCount).Select(t => (float)t.Weight)],
        };
    }

    static (float[]? Vectors, int[] Indices) RestoreSentences(ArticleText text, byte[]? stored, int max)
    {
        if (stored is not { Length: > 0 }) return (null, []);
        var read = ReadSentences(text, max).ToList();
        var vectors = new List<float>();
        var indices = new List<int>();
        using var reader = new BinaryReader(new MemoryStream(stored));
        while (reader.BaseStream.Position < stored.Length)
        {
            var place = reader.ReadInt16();
            var vector = VectorBytes.ReadScaled(reader);
            if (place >= read.Count) continue;
            indices.Add(read[place].Index);
            vectors.AddRange(vector);
        }
        return indices.Count == 0 ? (null, []) : ([.. vectors], [.. indices]);
    }

    /// <summary>A key over what matching reads of an article; the URL is left out so one story under two URLs is one entry.</summary>
    public static string ContentKey(Article article)
    {
        var text = string.Join('\u0001', article.Title ?? "", article.Excerpt ?? "", article.Text, string.Join('\u0002', article.Tags));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Passage texts: title, declared tags and lead first (where news states its subject), then chunks spread
    /// evenly over the rest of the body so that a long article's later sections also count.
    /// </summary>
    public static List<string> Passages(ArticleText text, IReadOnlyList<string> tags, int passages, int passageWords)
    {
        var body = text.Sentences.Where(s => s.Zone is TextZone.Lead or TextZone.Body or TextZone.Heading).ToList();
        var first = new StringBuilder(text.Title);
        if (first.Length > 0 && !char.IsPunctuation(first[^1])) first.Append('.');
        if (tags.Count > 0) first.Append(' ').Append(string.Join(", ", tags)).Append('.');
        var words = CountWords(first.ToString());
        var next = 0;
        while (next < body.Count && (words < passageWords || next == 0))
        {
            first.Append(' ').Append(body[next].Text);
            words += CountWords(body[next].Text);
            next++;
        }
        var result = new List<string> { first.ToString().Trim() };
        if (passages <= 1) return result;

        var chunks = new List<string>();
        var chunk = new StringBuilder();
        var chunkWords = 0;
        for (var i = next; i < body.Count; i++)
        {
            chunk.Append(body[i].Text).Append(' ');
            chunkWords += CountWords(body[i].Text);
            if (chunkWords >= passageWords)
            {
                chunks.Add(chunk.ToString().Trim());
                chunk.Clear();
                chunkWords = 0;
            }
        }
        // A short tail still says something about the story; a few words do not.
        if (chunkWords >= passageWords / 3) chunks.Add(chunk.ToString().Trim());

        var wanted = passages - 1;
        if (chunks.Count <= wanted) result.AddRange(chunks);
        else
            for (var k = 0; k < wanted; k++)
                result.Add(chunks[(int)((k + 0.5) * chunks.Count / wanted)]);
        return result;
    }

    private static int CountWords(string s) => s.Count(char.IsWhiteSpace) + 1;
}
