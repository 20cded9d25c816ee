using ContentHelper.Api.Accounts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Articles;

internal static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/articles").WithTags("Articles").RequireAuthorization();
        group.MapPost("/parse", Parse).RequireRateLimiting(Platform.ExpensiveWork.Policy);
        group.MapGet("/reading-list", ListReadingList);
        group.MapPost("/reading-list", SaveForLater).RequireRateLimiting(Platform.ExpensiveWork.Policy);
        group.MapDelete("/reading-list/{id:guid}", ForgetOne);
        group.MapDelete("/reading-list", ForgetAll);
        return group;
    }

    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddOptions<ArticleParserOptions>().BindConfiguration("Articles");
        services.AddOptions<ReadingListOptions>().BindConfiguration("ReadingList");
        services.AddSingleton(sp => new ArticleParser(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ArticleParserOptions>>().Value));
        services.AddSingleton<ReadingList>();
        return services;
    }

    static async Task<Ok<Article>> Parse(ParseArticleRequest request, ArticleParser parser, TopicExtractor topics, CancellationToken ct)
    {
        var article = await parser.ReadAsync(request.Html!, request.Url!, ct);
        return TypedResults.Ok(article.IsArticle ? article with { Topics = topics.Extract(article).Topics } : article);
    }

    /// <summary>The reading list, most recently read first.</summary>
    /// <param name="saved">Only the articles saved for later.</param>
    static async Task<Results<Ok<PagedResponse<ReadingListArticleResponse>>, ValidationProblem>> ListReadingList(
        CurrentUser me, AppDb db, CancellationToken ct, bool? saved = null, int page = 1, int pageSize = 50)
    {
        if (new QueryErrors().Paging(page, pageSize).Problem is { } invalid) return invalid;
        var query = db.ReadingListArticles.AsNoTracking().Where(a => a.AccountId == me.AccountId);
        if (saved == true) query = query.Where(a => a.SavedAt != null);
        var total = await query.CountAsync(ct);
        // The vectors stay in the database: a list needs titles, not 20 KB of floats per row.
        var rows = await query.OrderByDescending(a => a.ReadAt).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new ReadingListArticle
            {
                Id = a.Id, AccountId = a.AccountId, Url = a.Url, UrlKey = a.UrlKey, Title = a.Title, DisplayTitle = a.DisplayTitle,
                SiteName = a.SiteName, Excerpt = a.Excerpt, Topics = a.Topics, TopicWeights = a.TopicWeights, ReadAt = a.ReadAt, SavedAt = a.SavedAt,
            })
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedResponse<ReadingListArticleResponse>([.. rows.Select(r => r.AsResponse())], page, pageSize, total));
    }

    /// <summary>"Save for later": the page joins the reading list without being shared with anyone.</summary>
    static async Task<Results<Created<ReadingListArticleResponse>, ProblemHttpResult>> SaveForLater(
        ParseArticleRequest request, CurrentUser me, AppDb db, ReadingList readingList, CancellationToken ct)
    {
        var (row, notArticle) = await readingList.SaveForLaterAsync(db, me.AccountId, request.Html!, request.Url!, ct);
        if (row is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not an article",
                detail: "This page doesn't look like an article" + (notArticle is { } why ? $": {why}" : "."));
        return TypedResults.Created($"/api/articles/reading-list/{row.Id}", row.AsResponse());
    }

    /// <summary>Forgets one article: its row (topics, text, vectors) and the topics the shares of it kept.</summary>
    static async Task<Results<NoContent, NotFound>> ForgetOne(Guid id, CurrentUser me, AppDb db, CancellationToken ct)
    {
        var article = await db.ReadingListArticles.AsNoTracking().Where(a => a.Id == id && a.AccountId == me.AccountId)
            .Select(a => new { a.UrlKey, a.TitleKey }).FirstOrDefaultAsync(ct);
        if (article is null) return TypedResults.NotFound();
        var shares = await db.Shares.Where(s => s.AccountId == me.AccountId && s.Topics.Count > 0
            && (s.UrlKey == article.UrlKey || (article.TitleKey != "" && s.TitleKey == article.TitleKey))).ToListAsync(ct);
        foreach (var share in shares) share.Topics = [];
        await db.SaveChangesAsync(ct);
        await db.ReadingListArticles.Where(a => a.Id == id && a.AccountId == me.AccountId).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Clears the reading list: every remembered article of this account, with its topics, text and vectors, and the topics shares kept.</summary>
    static async Task<NoContent> ForgetAll(CurrentUser me, AppDb db, CancellationToken ct)
    {
        var shares = await db.Shares.Where(s => s.AccountId == me.AccountId && s.Topics.Count > 0).ToListAsync(ct);
        foreach (var share in shares) share.Topics = [];
        await db.SaveChangesAsync(ct);
        await db.ReadingListArticles.Where(a => a.AccountId == me.AccountId).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }
}
