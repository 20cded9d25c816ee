using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace ContentHelper.Eval;

/// <summary>A second reader of meaning for the lab: snowflake-arctic-embed-xs (CLS pooling, a query prefix), from a folder with model.onnx and vocab.txt.</summary>
internal sealed class ArcticLab : IDisposable
{
    const int Dims = 384;
    const string QueryPrefix = "Represent this sentence for searching relevant passages: ";
    readonly InferenceSession session;
    readonly BertTokenizer tokenizer;
    readonly RunOptions runOptions = new();
    readonly Dictionary<string, float[]> cache = new(StringComparer.Ordinal);

    public ArcticLab(string dir)
    {
        using var vocab = File.OpenRead(Path.Combine(dir, "vocab.txt"));
        tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        using var o = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 2, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        session = new InferenceSession(Path.Combine(dir, "model.onnx"), o);
    }

    public float[] Query(string phrase) => Embed([QueryPrefix + phrase])[0];

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !cache.ContainsKey(t)).Distinct().ToList();
        foreach (var batch in missing.Chunk(32))
        {
            var ids = batch.Select(t => tokenizer.EncodeToIds(t, 128, addSpecialTokens: true, out _, out _).ToArray()).ToArray();
            var seq = ids.Max(i => i.Count());
            var n = batch.Length;
            var input = new long[n * seq];
            var mask = new long[n * seq];
            for (var b = 0; b < n; b++)
                for (var t = 0; t < ids[b].Length; t++) { input[b * seq + t] = ids[b][t]; mask[b * seq + t] = 1; }
            long[] shape = [n, seq];
            using var i1 = OrtValue.CreateTensorValueFromMemory(input, shape);
            using var i2 = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var i3 = OrtValue.CreateTensorValueFromMemory(new long[n * seq], shape);
            var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = i1, ["attention_mask"] = i2 };
            if (session.InputMetadata.ContainsKey("token_type_ids")) inputs["token_type_ids"] = i3;
            var outName = session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : session.OutputMetadata.Keys.First();
            using var outputs = session.Run(runOptions, inputs, [outName]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (var b = 0; b < n; b++)
            {
                // CLS pooling, then unit length.
                var v = hidden.Slice(b * seq * Dims, Dims).ToArray();
                TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
                cache[batch[b]] = v;
            }
        }
        return [.. texts.Select(t => cache[t])];
    }

    /// <summary>Mean cosine of the k closest sentences (k = n/4 clamped to 1–3, as the product's support) and the closest.</summary>
    public (double Support, double Max) Support(float[] query, float[][] sentences)
    {
        if (sentences.Length == 0) return (0, 0);
        var cos = sentences.Select(s => (double)TensorPrimitives.Dot(query, s)).OrderDescending().ToArray();
        var k = Math.Clamp((int)Math.Round(sentences.Length / 4.0), 1, 3);
        return (cos.Take(k).Average(), cos[0]);
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
