using ContentHelper.Api.Matching;

namespace ContentHelper.Tests.Matching;

public class InterestIndexTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    [Fact]
    public void APhraseSharedByAThousandContactsIsStoredAndLookedUpOnce()
    {
        var lookups = new List<string>();
        var contacts = Enumerable.Range(0, 1000)
            .Select(i => (Guid.NewGuid(), (IReadOnlyList<string>)[i % 2 == 0 ? "Climate Policy" : "  climate   policy "]));

        var index = InterestIndex.Build(contacts, p => { lookups.Add(p); return new float[TextEmbedder.Dimensions]; });

        Assert.Equal(1000, index.ContactCount);
        Assert.Equal(["climate policy"], index.Phrases);
        Assert.Equal(["climate policy"], lookups);
        Assert.Empty(index.PhrasesWithoutVectors);
    }

    [Fact]
    public async Task EmbeddingAThousandContactsPhrasesEmbedsEachDistinctPhraseOnce()
    {
        var interests = Enumerable.Range(0, 1000).Select(i => i % 3 == 0 ? "Remote hiring" : "remote hiring").ToList();

        var vectors = await model.Matcher.EmbedPhrasesAsync(interests);

        Assert.Equal(["remote hiring"], vectors.Keys);
    }

    [Fact]
    public async Task PhraseVectorsRoundTripThroughBytesForStorage()
    {
        var vector = (await model.Matcher.EmbedPhrasesAsync(["women in tech"]))["women in tech"];

        var bytes = VectorBytes.ToBytes(vector);

        Assert.Equal(TextEmbedder.Dimensions * sizeof(float), bytes.Length);
        Assert.Equal(vector, VectorBytes.FromBytes(bytes));
    }

    [Fact]
    public async Task EmbeddingsAreUnitLengthAndParaphrasesLieCloserThanUnrelatedPhrases()
    {
        var v = await model.Embedder.EmbedAsync(["artificial intelligence", "large language models", "knitting patterns"]);
        float Dot(int a, int b) => System.Numerics.Tensors.TensorPrimitives.Dot(v.AsSpan(a * 384, 384), v.AsSpan(b * 384, 384));

        Assert.Equal(1f, Dot(0, 0), 3);
        Assert.True(Dot(0, 1) > Dot(0, 2) + 0.1f, $"AI~LLM {Dot(0, 1)}, AI~knitting {Dot(0, 2)}");
    }

    [Fact]
    public async Task BatchedEmbeddingsEqualOneByOneEmbeddings()
    {
        string[] texts = ["football", "the premier league title race tightens after a late winner", "tax"];

        var batched = await model.Embedder.EmbedAsync(texts);
        var single = await model.Embedder.EmbedAsync([texts[1]]);

        for (var i = 0; i < 384; i++) Assert.Equal(single[i], batched[384 + i], 4);
    }
}
