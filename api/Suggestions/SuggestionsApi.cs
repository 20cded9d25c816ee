using ContentHelper.Api.Accounts;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Platform;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
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
        return services;
    }

    /// <summary>
    /// The whole call runs under <see cref="SuggestionsOptions.TimeBudget"/>: past it, the suggestions drafted so far
    /// are the answer, or a 503 when there are none yet.
    /// </summary>
    static async Task<Results<Ok<SuggestionsResponse>, ProblemHttpResult>> Suggest(
        SuggestionsRequest request, CurrentUser me, AppDb db, ArticleParser parser, InterestMatcher matcher, InterestIndexes indexes,
        SuggestionRanker ranker, MessageDrafter drafter, TextEmbedder embedder, ReadingList readingList, IOptions<SuggestionsOptions> options,
        IOptions<ContactsOptions> contactsOptions, TimeProvider clock,
        HttpContext http, CancellationToken aborted)
    {
        using var budget = new Budget(options.Value.TimeBudget, aborted);
        try
        {
            return TypedResults.Ok(await SuggestWithinAsync(request, me, db, parser, matcher, indexes, ranker, drafter, embedder, readingList, options.Value, contactsOptions.Value, clock, http, budget));
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The article took too long to analyse.",
                detail: $"Nothing was ready within {options.Value.TimeBudget.TotalSeconds:0.#} s. Try again in a moment, or select the passage that matters and ask for that.");
        }
    }

    static async Task<SuggestionsResponse> SuggestWithinAsync(
        SuggestionsRequest request, CurrentUser me, AppDb db, ArticleParser parser, InterestMatcher matcher, InterestIndexes indexes,
        SuggestionRanker ranker, MessageDrafter drafter, TextEmbedder embedder, ReadingList readingList, SuggestionsOptions options, ContactsOptions contactsOptions,
        TimeProvider clock, HttpContext http, Budget budget)
    {
        var ct = budget.Token;
        // Server-Timing tells the extension's devtools (and load runs) where the time of this one call goes.
        var timing = new ServerTiming(http.Response);
        var url = request.Url!;
        var article = await ArticlesApi.ParseOrExplainAsync(parser, request.Html!, url, ct);
        timing.Mark("parse");
        if (!article.IsArticle)
            return new SuggestionsResponse
            {
                Article = Summary(article, []),
                NoMatchReason = "This page doesn't look like an article" + (article.NotArticleReason is { } why ? $": {why}" : "."),
                Matching = SuggestionCards.Mode(matcher.CurrentMode, embedder.State),
            };

        var index = await indexes.ForAccountAsync(db, me.AccountId, ct);
        timing.Mark("index");
        budget.Check();
        var analysis = matcher.Analyze(article, ct);
        var match = matcher.Match(analysis, index);
        timing.Mark("match"); // topics, article embedding (unless cached) and scoring
        budget.Check();
        var now = clock.GetUtcNow().UtcDateTime;
        var publicArticle = ShareActions.IsPublicFriendly(article, request.Html!);
        // Every article read is kept for the reading list, so that it can be offered later to whoever it fits.
        if (readingList.Options.RememberRead)
        {
            await readingList.RememberAsync(db, me.AccountId, article, analysis, publicArticle, saved: false, now, ct);
            timing.Mark("remember");
        }
        var summary = Summary(article, match.Topics);
        var matching = SuggestionCards.Mode(match.Mode, embedder.State);
        if (match.Matches.Count == 0)
            return new SuggestionsResponse { Article = summary, NoMatchReason = match.NoMatchReason, Matching = matching };

        var ids = match.Matches.Select(m => m.ContactId).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.AccountId == me.AccountId && ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var keys = ArticleKeys.Of(url, article.CanonicalUrl, article.Title);
        var urlKeys = keys.UrlKeys.ToList();
        var pastShares = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == me.AccountId && s.ContactId != null && ids.Contains(s.ContactId.Value))
            .Select(s => new PastShare(s.ContactId!.Value, s.UrlKey, s.TitleKey, s.SharedAt, s.Title))
            .ToListAsync(ct);
        var dismissed = (await db.Dismissals.AsNoTracking()
            .Where(d => d.AccountId == me.AccountId && ids.Contains(d.ContactId) && urlKeys.Contains(d.UrlKey))
            .Select(d => d.ContactId).ToListAsync(ct)).ToHashSet();
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == me.AccountId).Select(a => new { a.Name, a.Interests }).SingleAsync(ct);

        timing.Mark("relationships");
        budget.Check();
        var (ranked, held) = ranker.Rank(match.Matches, contacts, pastShares, dismissed, keys, account.Interests, now);
        var top = ranked.Take(request.Limit ?? options.DefaultLimit).ToList();
        if (top.Count == 0)
            return new SuggestionsResponse { Article = summary, NoMatchReason = HeldReason(held), Matching = matching };

        // Draft only what is returned: drafting is cheap, but not free at 50 contacts.
        // Messages carry the article's own address, not the tracking-laden one the user arrived by.
        var link = article.CanonicalUrl ?? ArticleUrls.WithoutTracking(url);
        var lastShares = pastShares.Where(s => s.Title is { Length: > 0 }).GroupBy(s => s.ContactId)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.SharedAt)!);
        var suggestions = new List<Suggestion>(top.Count);
        foreach (var r in top)
        {
            // Out of time: the best-ranked ones drafted so far are the answer.
            if (budget.IsOver && suggestions.Count > 0) break;
            budget.Check();
            suggestions.Add(SuggestionCards.Build(r, article, link, request.Selection, account.Name, publicArticle, drafter,
                lastShares.GetValueOrDefault(r.Contact.Id), contactsOptions, now));
        }
        top = top[..suggestions.Count];
        timing.Mark("draft");
        return new SuggestionsResponse
        {
            Article = summary,
            Suggestions = suggestions,
            GroupTag = publicArticle ? GroupTags.For(suggestions, top, article, link, options.GroupTagSize) : null,
            Matching = matching,
        };
    }

    /// <summary>
    /// The call's time budget: a token for the awaited steps (parse, queries, embedding), and a clock read between
    /// the steps, which does not wait for a timer that a busy thread pool may run late.
    /// </summary>
    internal sealed class Budget : IDisposable
    {
        readonly CancellationTokenSource source;
        readonly TimeSpan limit;
        readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();

        public Budget(TimeSpan limit, CancellationToken aborted)
        {
            this.limit = limit;
            source = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            source.CancelAfter(limit);
        }

        public CancellationToken Token => source.Token;

        public bool IsOver => source.IsCancellationRequested || System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit;

        public void Check()
        {
            if (IsOver) source.Cancel();
            source.Token.ThrowIfCancellationRequested();
        }

        public void Dispose() => source.Dispose();
    }

    static string HeldReason(Dictionary<SuggestionRanker.Held, int> held) =>
        held.Count == 0 ? "No strong match among your contacts' interests."
        : held.MaxBy(h => h.Value).Key switch
        {
            SuggestionRanker.Held.AlreadySent => "Everyone this article fits has already been sent it.",
            SuggestionRanker.Held.Dismissed => "You chose \"not now\" for everyone this article fits.",
            SuggestionRanker.Held.CoolingDown => "Everyone this article fits heard from you in the last few days; give it a little time.",
            _ => "Everyone this article fits has had several articles from you this month; give it a rest.",
        };

    static ArticleSummary Summary(Article article, IReadOnlyList<Shared.Topics.TopicResponse> topics) => new()
    {
        Url = article.Url,
        CanonicalUrl = article.CanonicalUrl,
        Title = article.DisplayTitle ?? article.Title,
        SiteName = article.SiteName,
        Excerpt = article.Excerpt,
        Topics = topics,
        IsArticle = article.IsArticle,
        NotArticleReason = article.NotArticleReason,
    };

    static async Task<Results<NoContent, NotFound>> Dismiss(DismissRequest request, CurrentUser me, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var contactId = request.ContactId!.Value;
        if (!await db.Contacts.AnyAsync(c => c.Id == contactId && c.AccountId == me.AccountId, ct)) return TypedResults.NotFound();
        var key = ArticleIdentity.UrlKey(request.Url!);
        if (!await db.Dismissals.AnyAsync(d => d.AccountId == me.AccountId && d.ContactId == contactId && d.UrlKey == key, ct))
        {
            db.Dismissals.Add(new Dismissal { AccountId = me.AccountId, ContactId = contactId, UrlKey = key, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { /* the same dismissal raced in from a second click: it is there either way */ }
        }
        return TypedResults.NoContent();
    }
}
