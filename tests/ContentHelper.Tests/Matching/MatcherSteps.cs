using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Matching;

/// <summary>The pipeline's topics → analyse → match steps for one article, as the tests of matching take them.</summary>
static class MatcherSteps
{
    static readonly TopicExtractor Topics = new(Options.Create(new TopicsOptions()));

    public static ArticleAnalysis Analyze(this InterestMatcher matcher, Article article) => matcher.Analyze(article, Topics.Extract(article));

    public static MatchResult Match(this InterestMatcher matcher, Article article, InterestIndex index) => matcher.Match(matcher.Analyze(article), index);

    public static ArticleScores Score(this InterestMatcher matcher, Article article, InterestIndex index) => matcher.Score(matcher.Analyze(article), index);
}
