using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Tests.Matching;

/// <summary>
/// The article-analysis cache is bounded by the memory its analyses hold, not by their count (issue 26, item 7): 512
/// analyses of long pages were most of an instance's memory in a soak.
/// </summary>
public class ArticleCacheTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    static Article LongRead(int i) => new()
    {
        Url = $"https://example.test/long-read/{i}",
        Title = $"The city that took the cars out of its centre, part {i}",
        Text = string.Join("\n\n", Enumerable.Range(0, 40).Select(p =>
            $"In part {i}, paragraph {p}, the council's transport officers counted cyclists, buses and delivery vans on the ring road again. " +
            $"Shopkeepers on street {p} said trade had held up better than they feared, and residents asked for more benches and trees. " +
            "The mayor said the scheme would be reviewed after a year, once the air-quality readings for the winter were in.")),
    };

    [Fact]
    public void TheArticleCacheHoldsAnalysesUpToItsMegabytesWhateverTheirCount()
    {
        using var matcher = model.NewMatcher(new MatchingOptions { ArticleCacheMegabytes = 1 });

        var analyses = Enumerable.Range(0, 6).Select(i => matcher.Analyze(LongRead(i))).ToList();

        // Each is a few hundred KB: counted in articles, all six would stay.
        Assert.All(analyses, a => Assert.InRange(a.EstimatedBytes, 250_000, 1_000_000));
        var (bytes, count) = matcher.CachedAnalyses;
        Assert.InRange(bytes, 1, 1L << 20);
        Assert.InRange(count, 1, 3);
    }
}
