using System.Numerics.Tensors;
using System.Reflection;
using System.Text;

namespace ContentHelper.Api.Matching;

/// <summary>
/// What the matcher knows beyond the model: the news industry's subject tree (IPTC Media Topics, © IPTC, CC BY 4.0:
/// 1,099 topics under 17 fields), each topic's name and description embedded as interests and articles are, how close
/// ordinary news comes to each topic (mean and spread of the cosine over a background of Wikinews articles,
/// Wikinews contributors, CC BY 2.5), and how common each word stem is in that news. Shipped in
/// api/Matching/Knowledge and written by <c>ContentHelper.Eval knowledge</c> for the model and wording in force;
/// with another model or wording it does not apply, and matching goes without it.
/// </summary>
internal sealed class Knowledge
{
    public const string TopicsFile = "iptc-media-topics.tsv";
    public const string VectorsFile = "knowledge.bin";
    const string Magic = "CHK1";

    /// <summary>An IPTC Media Topic; <paramref name="Parent"/> is null for the 17 fields at the top.</summary>
    public sealed record Topic(string Code, string? Parent, string Name, string Definition);

    /// <summary>How an article stands against every topic: its z-score for each, and per topic the best z-score within its subtree and where.</summary>
    public sealed record Profile(float[] Z, float[] SubtreeBest, int[] SubtreeArgBest, int[] Top);

    const int Dims = TextEmbedder.Dimensions;
    const int TopTopics = 3;

    public required IReadOnlyList<Topic> Topics { get; init; }
    public required int[] Parent { get; init; }
    public required int[] SubtreeSize { get; init; }
    public required string Model { get; init; }
    public required float[] NameVectors { get; init; }
    public required float[] DescriptionVectors { get; init; }
    public required float[] BackgroundMean { get; init; }
    public required float[] BackgroundSpread { get; init; }
    public required IReadOnlyDictionary<string, float> StemFrequency { get; init; }
    public required int BackgroundArticles { get; init; }

    /// <summary>The text a topic's description vector is made from.</summary>
    public static string Describe(Topic topic) => $"{topic.Name}: {topic.Definition}";

    public ReadOnlySpan<float> Name(int topic) => NameVectors.AsSpan(topic * Dims, Dims);

    public ReadOnlySpan<float> Description(int topic) => DescriptionVectors.AsSpan(topic * Dims, Dims);

    /// <summary>Share of background articles that hold the stem; 0 for one rarer than 1%.</summary>
    public float Frequency(string stem) => StemFrequency.GetValueOrDefault(stem);

    /// <summary>
    /// The topics an interest names: those whose name, worded as the interest is, lies within <paramref name="margin"/>
    /// of the closest and at least <paramref name="minSimilarity"/> from it ("business" → business information;
    /// "football" → American football and soccer). None for an interest no topic names ("frontend testing").
    /// </summary>
    public int[] Anchors(ReadOnlySpan<float> phrase, double minSimilarity, double margin)
    {
        var sims = new float[Topics.Count];
        for (var t = 0; t < sims.Length; t++) sims[t] = TensorPrimitives.Dot(phrase, Name(t));
        var best = TensorPrimitives.Max(sims);
        if (best < minSimilarity) return [];
        return [.. Enumerable.Range(0, sims.Length).Where(t => sims[t] >= best - margin && sims[t] >= minSimilarity)];
    }

    /// <summary>
    /// How unusually close an article comes to each topic: its cosine with the topic's description as a z-score
    /// against ordinary news, and per topic the best of its subtree — so "science" sees an astronomy story through
    /// astronomy.
    /// </summary>
    public Profile ProfileOf(ReadOnlySpan<float> meanPassage)
    {
        var n = Topics.Count;
        var z = new float[n];
        for (var t = 0; t < n; t++)
            z[t] = (TensorPrimitives.Dot(meanPassage, Description(t)) - BackgroundMean[t]) / BackgroundSpread[t];
        var best = (float[])z.Clone();
        var arg = Enumerable.Range(0, n).ToArray();
        // Children follow their parents in the file: one pass from the end carries each subtree's best up.
        for (var t = n - 1; t >= 0; t--)
            if (Parent[t] is var p and >= 0 && best[t] > best[p])
            {
                best[p] = best[t];
                arg[p] = arg[t];
            }
        // The topics the article is most unusually close to: what it is about, in the tree's words.
        int[] top = [.. Enumerable.Range(0, n).OrderByDescending(t => z[t]).Take(TopTopics)];
        return new Profile(z, best, arg, top);
    }

    static Knowledge? shipped;
    static readonly Lock Gate = new();

    /// <summary>The knowledge shipped with the API (read once), or null when it was made for another model or wording than <paramref name="model"/>.</summary>
    public static Knowledge? For(string model)
    {
        lock (Gate) shipped ??= Read(Open(TopicsFile), Open(VectorsFile));
        return shipped.Model == model ? shipped : null;
    }

    static Stream Open(string file) =>
        typeof(Knowledge).Assembly.GetManifestResourceStream("ContentHelper.Api.Matching.Knowledge." + file)
        ?? throw new InvalidOperationException($"{file} is missing from the API assembly.");

    public static Knowledge Read(Stream topicsTsv, Stream vectors)
    {
        List<Topic> topics;
        using (var reader = new StreamReader(topicsTsv, Encoding.UTF8))
            topics = [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(l => l.TrimEnd('\r').Split('\t')).Select(r => new Topic(r[0], r[1].Length == 0 ? null : r[1], r[2], r[3]))];
        var index = topics.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var parent = topics.Select(t => t.Parent is { } p ? index[p] : -1).ToArray();
        for (var t = 0; t < parent.Length; t++)
            if (parent[t] >= t) throw new InvalidDataException($"{TopicsFile}: topic {topics[t].Code} comes before its parent.");
        var size = Enumerable.Repeat(1, topics.Count).ToArray();
        for (var t = topics.Count - 1; t >= 0; t--) if (parent[t] >= 0) size[parent[t]] += size[t];

        using var bin = new BinaryReader(vectors, Encoding.UTF8);
        if (bin.ReadString() != Magic) throw new InvalidDataException($"{VectorsFile} is not a knowledge file.");
        var model = bin.ReadString();
        var count = bin.ReadInt32();
        if (count != topics.Count) throw new InvalidDataException($"{VectorsFile} holds {count} topics, {TopicsFile} {topics.Count}.");
        var names = ReadBytes(bin, count);
        var descriptions = ReadBytes(bin, count);
        var mean = new float[count];
        var spread = new float[count];
        for (var t = 0; t < count; t++) (mean[t], spread[t]) = (bin.ReadSingle(), Math.Max(1e-3f, bin.ReadSingle()));
        var stems = new Dictionary<string, float>(StringComparer.Ordinal);
        for (var s = bin.ReadInt32(); s > 0; s--) stems[bin.ReadString()] = bin.ReadSingle();
        var articles = bin.ReadInt32();
        return new Knowledge
        {
            Topics = topics, Parent = parent, SubtreeSize = size, Model = model, NameVectors = names, DescriptionVectors = descriptions,
            BackgroundMean = mean, BackgroundSpread = spread, StemFrequency = stems, BackgroundArticles = articles,
        };
    }

    /// <summary>
    /// Writes the vectors file: each vector as bytes scaled to its largest component (a cosine moves by less than
    /// 0.005; a quarter of the floats' size, which the published API's size budget needs), statistics as singles.
    /// </summary>
    public static void Write(string path, string model, float[] names, float[] descriptions, (float Mean, float Spread)[] stats,
        IReadOnlyList<(string Stem, float Frequency)> stems, int backgroundArticles)
    {
        using var bin = new BinaryWriter(File.Create(path), Encoding.UTF8);
        bin.Write(Magic);
        bin.Write(model);
        bin.Write(stats.Length);
        WriteBytes(bin, names);
        WriteBytes(bin, descriptions);
        foreach (var (mean, spread) in stats) { bin.Write(mean); bin.Write(spread); }
        bin.Write(stems.Count);
        foreach (var (stem, frequency) in stems) { bin.Write(stem); bin.Write(frequency); }
        bin.Write(backgroundArticles);
    }

    static void WriteBytes(BinaryWriter bin, float[] vectors)
    {
        for (var v = 0; v < vectors.Length / Dims; v++)
        {
            var row = vectors.AsSpan(v * Dims, Dims);
            var scale = TensorPrimitives.MaxMagnitude(row) / 127f;
            bin.Write(scale);
            foreach (var x in row) bin.Write((sbyte)Math.Round(x / scale));
        }
    }

    static float[] ReadBytes(BinaryReader bin, int count)
    {
        var result = new float[count * Dims];
        for (var v = 0; v < count; v++)
        {
            var scale = bin.ReadSingle();
            var row = result.AsSpan(v * Dims, Dims);
            for (var i = 0; i < Dims; i++) row[i] = bin.ReadSByte() * scale;
            // Unit length again, so that a dot product stays a cosine.
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return result;
    }
}
