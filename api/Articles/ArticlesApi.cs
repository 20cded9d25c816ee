using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentHelper.Api.Articles;

internal static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/articles").WithTags("Articles").RequireAuthorization();
        group.MapPost("/parse", Parse);
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

    /// <summary>Parses within the time budget; a page that takes longer is answered as "not an article", not an error.</summary>
    public static async Task<Article> ParseOrExplainAsync(ArticleParser parser, string html, string url, CancellationToken ct)
    {
        try
        {
            return await parser.ParseAsync(html, url, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Article { Url = url, IsArticle = false, NotArticleReason = "The page is too large or complex to read in time." };
        }
    }
}
