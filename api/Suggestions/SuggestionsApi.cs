using ContentHelper.Api.Accounts;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Platform;
using ContentHelper.Shared.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Suggestions;

/// <summary>The popup's one call: page → article → topics → matching contacts → ranked, drafted, linked suggestions.</summary>
internal static class SuggestionsApi
{
    public static RouteGroupBuilder MapSuggestions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/suggestions").WithTags("Suggestions").RequireAuthorization();
        group.MapPost("/", Suggest).RequireRateLimiting(ExpensiveWork.Policy);
        group.MapPost("/dismiss", Dismiss);
        return group;
    }

    public static IServiceCollection AddSuggestions(this IServiceCollection services)
    {
        services.AddOptions<SuggestionsOptions>().BindConfiguration("Suggestions");
        services.AddSingleton(sp => new SuggestionRanker(
            sp.GetRequiredService<IOptions<SuggestionsOptions>>().Value, sp.GetRequiredService<IOptions<ContactsOptions>>().Value));
        services.AddSingleton<MessageDrafter>();
        services.AddSingleton<SuggestionCards>();
        services.AddSingleton<SuggestionPipeline>();
        return services;
    }

    /// <summary>
    /// The whole call runs under <see cref="SuggestionsOptions.TimeBudget"/>: past it, the suggestions drafted so far
    /// are the answer, or a 503 when there are none yet.
    /// </summary>
    static async Task<Results<Ok<SuggestionsResponse>, ProblemHttpResult>> Suggest(
        SuggestionsRequest request, CurrentUser me, AppDb db, SuggestionPipeline pipeline, HttpContext http, CancellationToken aborted)
    {
        var limit = pipeline.Options.TimeBudget;
        using var budget = new Budget(limit, aborted);
        try
        {
            // Server-Timing tells the extension's devtools (and load runs) where the time of this one call goes.
            return TypedResults.Ok(await pipeline.ForPageAsync(db, me.AccountId, request, budget, new ServerTiming(http.Response)));
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The article took too long to analyse.",
                detail: $"Nothing was ready within {limit.TotalSeconds:0.#} s. Try again in a moment, or select the passage that matters and ask for that.");
        }
    }

    static async Task<Results<NoContent, NotFound>> Dismiss(DismissRequest request, CurrentUser me, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var contactId = request.ContactId!.Value;
        if (!await db.Contacts.AnyAsync(c => c.Id == contactId && c.AccountId == me.AccountId, ct)) return TypedResults.NotFound();
        var key = ArticleIdentity.UrlKey(request.Url!);
        var existing = await db.Dismissals.FirstOrDefaultAsync(d => d.AccountId == me.AccountId && d.ContactId == contactId && d.UrlKey == key, ct);
        if (existing is null)
            db.Dismissals.Add(new Dismissal
            {
                AccountId = me.AccountId, ContactId = contactId, UrlKey = key, CreatedAt = clock.GetUtcNow().UtcDateTime, NotForThem = request.NotForThem,
            });
        // "Not now" first and "not for them" after: the stronger word stands.
        else if (request.NotForThem) existing.NotForThem = true;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { /* the same dismissal raced in from a second click: it is there either way */ }
        return TypedResults.NoContent();
    }
}
