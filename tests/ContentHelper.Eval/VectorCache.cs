using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;

namespace ContentHelper.Eval;

/// <summary>
/// Article vectors of an eval run kept in a local file (never in the repository), so that trying scoring options
/// takes seconds instead of re-embedding thousands of articles. Each entry also holds the baseline's vector. Only valid for the same model, passage and key-phrase
/// options; topics are re-extracted (0.2 ms) and must give the same key-phrase count.
/// </summary>
internal static class VectorCache
{
    public sealed record Entry(int PassageCount, float[] Passages, float[] KeyPhrases, float[] Baseline);

    public static void Write(string path, IEnumerable<(string Key, ArticleAnalysis Analysis, float[] Baseline)> analyses)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var (key, a, baseline) in analyses)
        {
            if (!a.HasVectors) continue;
            writer.Write(key);
            writer.Write(a.PassageCount);
            WriteFloats(writer, a.PassageVectors!);
            WriteFloats(writer, a.KeyPhraseVectors ?? []);
            WriteFloats(writer, baseline);
        }
    }

    public static Dictionary<string, Entry> Read(string path)
    {
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        using var reader = new BinaryReader(File.OpenRead(path));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var key = reader.ReadString();
            var count = reader.ReadInt32();
            result[key] = new Entry(count, ReadFloats(reader), ReadFloats(reader), ReadFloats(reader));
        }
        return result;
    }

    public static ArticleAnalysis Restore(ArticleTopics topics, Entry entry, MatchingOptions options)
    {
        var keyTopics = topics.Topics.Take(options.KeyPhrases).ToList();
        if (keyTopics.Count * TextEmbedder.Dimensions != entry.KeyPhrases.Length)
            throw new InvalidOperationException("The vector cache was written with other key-phrase options; delete it.");
        return new ArticleAnalysis
        {
            Topics = topics,
            PassageVectors = entry.Passages,
            PassageCount = entry.PassageCount,
            KeyPhrases = [.. keyTopics.Select(t => t.Phrase)],
            KeyPhraseVectors = entry.KeyPhrases,
            KeyPhraseWeights = [.. keyTopics.Select(t => (float)t.Weight)],
        };
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
