using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;

namespace ContentHelper.Eval;

/// <summary>
/// Article vectors of an eval run kept in a local file (never in the repository), so that trying scoring options
/// takes seconds instead of re-embedding thousands of articles: per article its passage vectors and the baseline's
/// vector, and one table of key-phrase vectors by phrase, so that a change to topic extraction only embeds the
/// key phrases it changed. Only valid for the same model and passage options.
/// </summary>
internal sealed class VectorCache
{
    public sealed record Entry(int PassageCount, float[] Passages, float[] Baseline, float[]? Sentences = null, int[]? SentenceIndices = null);

    public Dictionary<string, Entry> Articles { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, float[]> Phrases { get; } = new(StringComparer.Ordinal);

    public static VectorCache Read(string path)
    {
        var cache = new VectorCache();
        if (!File.Exists(path)) return cache;
        using var reader = new BinaryReader(File.OpenRead(path));
        var articles = reader.ReadInt32();
        for (var i = 0; i < articles; i++)
        {
            var key = reader.ReadString();
            var (count, passages, baseline) = (reader.ReadInt32(), ReadFloats(reader), ReadFloats(reader));
            var sentences = ReadFloats(reader);
            var indices = ReadFloats(reader).Select(x => (int)x).ToArray();
            cache.Articles[key] = new Entry(count, passages, baseline, sentences.Length == 0 ? null : sentences, indices);
        }
        var phrases = reader.ReadInt32();
        for (var i = 0; i < phrases; i++)
            cache.Phrases[reader.ReadString()] = ReadFloats(reader);
        return cache;
    }

    public void Write(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Articles.Count);
        foreach (var (key, e) in Articles)
        {
            writer.Write(key);
            writer.Write(e.PassageCount);
            WriteFloats(writer, e.Passages);
            WriteFloats(writer, e.Baseline);
            WriteFloats(writer, e.Sentences ?? []);
            WriteFloats(writer, [.. (e.SentenceIndices ?? []).Select(i => (float)i)]);
        }
        writer.Write(Phrases.Count);
        foreach (var (phrase, vector) in Phrases)
        {
            writer.Write(phrase);
            WriteFloats(writer, vector);
        }
    }

    /// <summary>The analysis of an article from its cached passages and the key phrases its topics name now (embedding any new ones).</summary>
    public ArticleAnalysis Restore(ArticleTopics topics, Entry entry, MatchingOptions options, TextEmbedder embedder)
    {
        var keyTopics = topics.Topics.Take(options.KeyPhrases).ToList();
        var missing = keyTopics.Select(t => t.Phrase).Where(p => !Phrases.ContainsKey(p)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var flat = embedder.Embed(missing, options.MaxTokens);
            for (var i = 0; i < missing.Count; i++) Phrases[missing[i]] = flat.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray();
        }
        return new ArticleAnalysis
        {
            Topics = topics,
            PassageVectors = entry.Passages,
            PassageCount = entry.PassageCount,
            SentenceVectors = entry.Sentences,
            SentenceIndices = entry.SentenceIndices ?? [],
            KeyPhrases = [.. keyTopics.Select(t => t.Phrase)],
            KeyPhraseVectors = [.. keyTopics.SelectMany(t => Phrases[t.Phrase])],
            KeyPhraseWeights = [.. keyTopics.Select(t => (float)t.Weight)],
        };
    }

    /// <summary>Keeps a freshly analysed article.</summary>
    public void Add(string key, ArticleAnalysis analysis, float[] baseline)
    {
        // An article the model could not embed (a post with no text) is analysed again next time rather than kept empty.
        if (analysis.PassageVectors is null) return;
        Articles[key] = new Entry(analysis.PassageCount, analysis.PassageVectors!, baseline, analysis.SentenceVectors, analysis.SentenceIndices);
        for (var i = 0; i < analysis.KeyPhrases.Length; i++)
            Phrases[analysis.KeyPhrases[i]] = analysis.KeyPhraseVectors.AsSpan(i * TextEmbedder.Dimensions, TextEmbedder.Dimensions).ToArray();
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values) writer.Write(v);
    }

    private static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
