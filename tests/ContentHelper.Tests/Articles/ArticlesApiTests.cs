using System.Net;
using System.Text;
using ContentHelper.Shared.Articles;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Articles;

[Trait("Storage", "Portable")]
public sealed class ArticlesApiTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    Task<HttpResponseMessage> Parse(HttpClient client, string html, string url = Pages.CarbonUrl) =>
        client.Post("/api/articles/parse", new ParseArticleRequest { Url = url, Html = html });

    [Fact]
    public async Task AParsedArticleCarriesMetadataTextAndTopics()
    {
        var client = await app.SignUpAsync();
        var article = await (await Parse(client, Pages.Carbon(), Pages.CarbonUrl + "?utm_source=x")).Read<Article>();

        Assert.True(article.IsArticle);
        Assert.Equal(Pages.CarbonTitle, article.Title);
        Assert.Equal("The Ledger", article.SiteName);
        Assert.Equal(Pages.CarbonUrl, article.CanonicalUrl);
        Assert.Equal("en", article.Language);
        Assert.Contains("Kari Nordmann", article.Byline);
        Assert.StartsWith("The Northern Lights project", article.Text.TrimStart().Split('\n').First(l => l.StartsWith("The ")));
        Assert.DoesNotContain("Most read", article.Text);
        Assert.DoesNotContain("All rights reserved", article.Text);
        Assert.Contains(article.Topics, t => t.Phrase.Contains("carbon", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(article.WordCount, 150, 400);
    }

    [Fact]
    public async Task TheRouteNeedsAToken()
    {
        await (await app.CreateClient().Post("/api/articles/parse", new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }))
            .Problem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("", "html")]
    [InlineData("just some words, no markup at all", "html")]
    [InlineData("{\"json\": true}", "html")]
    public async Task AnEmptyOrNonHtmlBodyNamesTheField(string html, string field)
    {
        var client = await app.SignUpAsync();
        await (await Parse(client, html)).ValidationProblem(field);
    }

    [Fact]
    public async Task AMissingOrBadUrlNamesTheField()
    {
        var client = await app.SignUpAsync();
        await (await client.Post("/api/articles/parse", new { html = "<p>x</p>" })).ValidationProblem("url");
        await (await client.Post("/api/articles/parse", new { html = "<p>x</p>", url = "javascript:alert(1)" })).ValidationProblem("url");
    }

    [Fact]
    public async Task APageOverTheBodyLimitIs413()
    {
        var client = await app.SignUpAsync();
        var huge = "<html><body>" + string.Concat(Enumerable.Repeat("<p>" + new string('x', 1000) + "</p>", 10_000)) + "</body></html>";
        await (await Parse(client, huge)).Problem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task DeeplyNestedAndVeryWidePagesGetAnAnswerNotAnError()
    {
        var client = await app.SignUpAsync();
        var deep = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 20_000)) + "<p>bottom</p>" + "</body></html>";
        var wide = "<html><body>" + string.Concat(Enumerable.Repeat("<span>a</span>", 100_000)) + "</body></html>";
        foreach (var html in new[] { deep, wide })
        {
            var response = await Parse(client, html);
            var article = await response.Read<Article>();
            Assert.False(article.IsArticle);
            Assert.False(string.IsNullOrWhiteSpace(article.NotArticleReason));
        }
    }

    [Theory]
    [InlineData("<html><head><script>var a = 1;</script></head><body><script>document.write('hi')</script></body></html>")]
    [InlineData("<html><frameset cols=\"50%,50%\"><frame src=\"a.html\"><frame src=\"b.html\"></frameset></html>")]
    [InlineData("<html><body><p>\uFFFD\uFFFD broken \u0000 bytes \uFFFD</p></body></html>")]
    [InlineData("<<<>>><p><p><b><i></b></i></p")]
    public async Task HostileOrBrokenPagesAreNotArticles(string html)
    {
        var client = await app.SignUpAsync();
        var article = await (await Parse(client, html)).Read<Article>();
        Assert.False(article.IsArticle);
        Assert.NotNull(article.NotArticleReason);
    }

    [Fact]
    public async Task APageThatTakesLongerThanTheBudgetIsAnsweredCleanly()
    {
        // A zero budget is over before the parse starts: deterministic, whatever the machine's speed.
        using var strict = new ContentHelperApp(new() { ["Articles:TimeBudget"] = "00:00:00" });
        var client = await strict.SignUpAsync();
        var big = Pages.Carbon();
        var response = await client.PostAsync("/api/articles/parse", new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new ParseArticleRequest { Url = Pages.CarbonUrl, Html = big }, Json.Options), Encoding.UTF8, "application/json"));
        var article = await response.Read<Article>();
        Assert.False(article.IsArticle);
        Assert.Contains("in time", article.NotArticleReason);
    }
}
