using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentHelper.Api.Articles;

internal static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/articles").WithTags("Articles").RequireAuthorization();
        group.MapPost("/parse", Parse).RequireRateLimiting(Platform.ExpensiveWork.Policy);
        return group;
    }

    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddOptions<ArticleParserOptions>().BindConfiguration("Articles");
        services.AddSingleton(sp => new ArticleParser(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ArticleParserOptions>>().Value));
        return services;
    }

    static async Task<Ok<Article>> Parse(ParseArticleRequest request, ArticleParser parser, TopicExtractor topics, CancellationToken ct)
    {
        var article = await ParseOrExplainAsync(parser, request.Html!, request.Url!, ct);
        return TypedResults.Ok(article.IsArticle ? article with { Topics = topics.Extract(article).Topics } : article);
    }

    /// <summary>
    /// Parses within the time budget; a page that takes longer is answered as "not an article", not an error.
    /// The main text comes back cut to <see cref="ArticleParserOptions.MaxAnalysedChars"/>: this is the one place
    /// where topics and matching get their article, and their work grows with the text.
    /// </summary>
    public static async Task<Article> ParseOrExplainAsync(ArticleParser parser, string html, string url, CancellationToken ct)
    {
        try
        {
            var article = await parser.ParseAsync(html, url, ct);
            return article.Text.Length <= parser.Options.MaxAnalysedChars ? article : article with { Text = Cut(article.Text, parser.Options.MaxAnalysedChars) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Article { Url = url, IsArticle = false, NotArticleReason = "The page is too large or complex to read in time." };
        }
    }

    /// <summary>The text up to the last paragraph break (else line break, else space) before <paramref name="max"/>.</summary>
    static string Cut(string text, int max)
    {
        var end = text.LastIndexOf("\n\n", max, StringComparison.Ordinal);
        if (end < max / 2) end = text.LastIndexOf('\n', max - 1);
        if (end < max / 2) end = text.LastIndexOf(' ', max - 1);
        return text[..(end < max / 2 ? max : end)];
    }
}
