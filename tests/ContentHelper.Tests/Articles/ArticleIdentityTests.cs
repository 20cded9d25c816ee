using ContentHelper.Api.Articles;

namespace ContentHelper.Tests.Articles;

public sealed class ArticleIdentityTests
{
    [Theory]
    [InlineData("https://www.example.com/news/story-1", "https://example.com/news/story-1/")]
    [InlineData("https://www.example.com/news/story-1", "http://m.example.com/news/story-1")]
    [InlineData("https://www.example.com/news/story-1", "https://example.com/news/story-1?utm_source=newsletter&utm_medium=email&fbclid=abc")]
    [InlineData("https://www.example.com/news/story-1", "https://amp.example.com/news/story-1")]
    [InlineData("https://www.example.com/news/story-1", "https://www.example.com/amp/news/story-1")]
    [InlineData("https://www.example.com/news/story-1", "https://www.example.com/news/story-1/amp")]
    [InlineData("https://www.example.com/news/story-1.html", "https://www.example.com/news/story-1.amp.html")]
    [InlineData("https://www.example.com/news/story-1", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story-1")]
    [InlineData("https://www.example.com/news/story-1", "https://www.example.com/news/story-1#comments")]
    [InlineData("https://example.com/a?id=7&page=2", "https://example.com/a?page=2&id=7&utm_campaign=x")]
    public void TheSameArticleUnderAnotherUrlHasTheSameKey(string a, string b) =>
        Assert.Equal(ArticleIdentity.UrlKey(a), ArticleIdentity.UrlKey(b));

    [Theory]
    [InlineData("https://example.com/news/story-1", "https://example.com/news/story-2")]
    [InlineData("https://example.com/a?id=7", "https://example.com/a?id=8")]
    [InlineData("https://example.com/news/story-1", "https://other.example.org/news/story-1")]
    public void DifferentArticlesKeepDifferentKeys(string a, string b) =>
        Assert.NotEqual(ArticleIdentity.UrlKey(a), ArticleIdentity.UrlKey(b));

    [Theory]
    [InlineData("Storm hits the coast overnight | BBC News", "Storm hits the coast overnight")]
    [InlineData("Storm Hits the Coast Overnight - The Ledger", "storm hits the coast overnight!")]
    public void TitleKeysIgnoreSiteSuffixCaseAndPunctuation(string a, string b) =>
        Assert.Equal(ArticleIdentity.TitleKey(a), ArticleIdentity.TitleKey(b));

    [Fact]
    public void AnEditedHeadlineIsStillTheSameTitle()
    {
        var a = ArticleIdentity.TitleKey("Carbon capture plant in Norway stores first million tonnes, says operator");
        var b = ArticleIdentity.TitleKey("Carbon capture plant in Norway stores first million tonnes, operator says");
        Assert.True(ArticleIdentity.SameTitle(a, b));
    }

    [Fact]
    public void ShortOrDifferentTitlesAreNotConfused()
    {
        Assert.False(ArticleIdentity.SameTitle(ArticleIdentity.TitleKey("Match report"), ArticleIdentity.TitleKey("Match preview")));
        Assert.False(ArticleIdentity.SameTitle(
            ArticleIdentity.TitleKey("Carbon capture plant in Norway stores first million tonnes"),
            ArticleIdentity.TitleKey("Solar farm in Spain reaches first gigawatt of capacity")));
        Assert.False(ArticleIdentity.SameTitle("", ""));
    }
}
