using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Matching;

/// <summary>Loads the embedding model once for a test class (about a second); the build ships it beside the API's assembly.</summary>
public sealed class ModelFixture : IDisposable
{
    internal TextEmbedder Embedder { get; }
    internal InterestMatcher Matcher { get; }

    public ModelFixture()
    {
        Embedder = new TextEmbedder(Options.Create(new MatchingOptions()), NullLogger<TextEmbedder>.Instance);
        Embedder.StartLoading().GetAwaiter().GetResult();
        Matcher = NewMatcher(new MatchingOptions());
    }

    internal InterestMatcher NewMatcher(MatchingOptions options) =>
        new(Embedder, Options.Create(options), Options.Create(new TopicsOptions()));

    public void Dispose()
    {
        Matcher.Dispose();
        Embedder.Dispose();
    }
}
