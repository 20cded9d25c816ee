using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Platform;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// The one path from an article to the people it should go to, with why and a draft:
/// parse → topics → match → relate → rank → draft. The popup enters with a page (<see cref="ForPageAsync"/>: one
/// article, every contact); the keep-in-touch page and one contact's ideas enter with people
/// (<see cref="IdeasAsync"/>: a few contacts, every article of the reading list). Both relate, rank and draft here alike.
/// </summary>
internal sealed class SuggestionPipeline(
    ArticleParser parser, TopicExtractor extractor, InterestMatcher matcher, InterestIndexes indexes, ReadingList readingList,
    SuggestionRanker ranker, SuggestionCards cards, TextEmbedder embedder, AppMetrics metrics, IOptions<SuggestionsOptions> options,
    TimeProvider clock)
{
    public SuggestionsOptions Options => options.Value;

    /// <summary>The popup's call: the contacts this page fits, ranked, each with reasons, a draft and share links.</summary>
    public async Task<SuggestionsResponse> ForPageAsync(AppDb db, Guid accountId, SuggestionsRequest request, Budget budget, ServerTiming timing)
    {
        var answer = await AnswerPageAsync(db, accountId, request, budget, timing);
        metrics.Suggestion(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(answer.Matching.ToString()));
        return answer;
    }

    async Task<SuggestionsResponse> AnswerPageAsync(AppDb db, Guid accountId, SuggestionsRequest request, Budget budget, ServerTiming timing)
    {
        var ct = budget.Token;
        var url = request.Url!;
        var article = await parser.ReadAsync(request.Html!, url, ct);
        timing.Mark("parse");
        if (!article.IsArticle)
            return new SuggestionsResponse
            {
                Article = Summary(article, []),
                NoMatchReason = "This page doesn't look like an article" + (article.NotArticleReason is { } why ? $": {why}" : "."),
                Matching = SuggestionCards.Mode(matcher.CurrentMode, embedder.State),
            };

        // Not cut short by the budget: a large account's index is work every next request needs, and cancelled half-way
        // on a busy machine it would be started again, and cancelled again, by each of them (issue 26, item 4).
        var index = await indexes.ForAccountAsync(db, accountId, CancellationToken.None);
        timing.Mark("index");
        budget.Check();
        var topics = extractor.Extract(article);
        timing.Mark("topics");
        var analysis = matcher.Analyze(article, topics, ct);
        var feedback = await UserFeedback.LoadAsync(db, accountId, readingList, ct);
        var match = matcher.Match(analysis, index, feedback);
        timing.Mark("match"); // the article's vectors (unless cached) and scoring
        budget.Check();
        var now = clock.GetUtcNow().UtcDateTime;
        var publicArticle = ArticleSensitivity.IsPublicFriendly(article, request.Html!);
        // Every article read is kept for the reading list, so that it can be offered later to whoever it fits.
        if (readingList.Options.RememberRead)
        {
            await readingList.RememberAsync(db, accountId, article, analysis, publicArticle, saved: false, now, ct);
            timing.Mark("remember");
        }
        var summary = Summary(article, match.Topics) with { Language = topics.Text.Language };
        var matching = SuggestionCards.Mode(match.Mode, embedder.State, topics.Text.Language);
        if (match.Matches.Count == 0)
            return new SuggestionsResponse { Article = summary, NoMatchReason = match.NoMatchReason, Matching = matching };

        var people = await Relationships.LoadAsync(db, accountId, [.. match.Matches.Select(m => m.ContactId)], ct);
        timing.Mark("relationships");
        budget.Check();
        var (ranked, held) = ranker.Rank(match.Matches, people, ArticleKeys.Of(url, article.CanonicalUrl, article.Title), now);
        var top = ranked.Take(request.Limit ?? options.Value.DefaultLimit).ToList();
        if (top.Count == 0)
            return new SuggestionsResponse { Article = summary, NoMatchReason = SuggestionRanker.Explain(held, forArticle: true), Matching = matching };

        // Messages carry the article's own address, not the tracking-laden one the user arrived by.
        var brief = new ArticleBrief(article.CanonicalUrl ?? ArticleUrls.WithoutTracking(url), article.DisplayTitle ?? article.Title,
            article.SiteName, article.Excerpt, publicArticle);
        // Draft only what is returned: drafting is cheap, but not free at 50 contacts.
        var suggestions = new List<Suggestion>(top.Count);
        foreach (var r in top)
        {
            // Out of time: the best-ranked ones drafted so far are the answer.
            if (budget.IsOver && suggestions.Count > 0) break;
            budget.Check();
            suggestions.Add(cards.Build(r, brief, request.Selection, people, now, request.Tone));
        }
        top = top[..suggestions.Count];
        timing.Mark("draft");
        return new SuggestionsResponse
        {
            Article = summary,
            Suggestions = suggestions,
            GroupTag = publicArticle ? GroupTags.For(suggestions, top, brief, options.Value.GroupTagSize) : null,
            Matching = matching,
        };
    }

    /// <summary>One person's ideas: the articles from the reading list to send them, best first, or why there are none.</summary>
    public sealed record PersonIdeas(Contact Contact, SuggestedContact Card, IReadOnlyList<Idea> Ideas, string? NoIdeaReason);

    /// <summary>
    /// The reverse of the popup: for a few contacts, the remembered articles that fit them best (at most
    /// <paramref name="perContact"/> each), ranked and guarded as the popup ranks people — never an article already
    /// sent to them, not one they got "not now" for, nothing while they cool down after a share or at the monthly cap.
    /// Keyed by contact; ids of other accounts or unknown ones are absent.
    /// </summary>
    public async Task<(Dictionary<Guid, PersonIdeas> People, MatchingMode Matching)> IdeasAsync(
        AppDb db, Guid accountId, IReadOnlyList<Guid> ids, int perContact, CancellationToken ct, DraftTone? tone = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var people = await Relationships.LoadAsync(db, accountId, ids, ct);
        var articles = await readingList.ForMatchingAsync(db, accountId, ct);
        var matching = SuggestionCards.Mode(articles.Any(a => a.Analysis.HasVectors) ? MatchMode.Combined : matcher.CurrentMode, embedder.State);
        var ideas = new Dictionary<Guid, List<Idea>>();
        var reasons = new Dictionary<Guid, string>();
        if (articles.Count > 0 && people.Contacts.Count > 0)
        {
            var index = await indexes.ForContactsAsync(db, accountId, [.. ids.Where(people.Contacts.ContainsKey).Select(id => people.Contacts[id])],
                people.UseImplicitInterests, ct);
            var fits = matcher.MatchArticles([.. articles.Select(a => a.Analysis)], index, await UserFeedback.LoadAsync(db, accountId, readingList, ct));
            for (var c = 0; c < index.ContactCount; c++)
            {
                var id = index.ContactIds[c];
                var (ranked, held) = ranker.RankArticles(fits[c].Select(f => (articles[f.Article], articles[f.Article].Keys, f.Match)), people, perContact, now);
                ideas[id] = [.. ranked.Select(r => new Idea { Article = r.Article.Row.AsResponse(), Suggestion = cards.Build(r.Ranked, Brief(r.Article.Row), null, people, now, tone) })];
                if (ranked.Count == 0) reasons[id] = SuggestionRanker.Explain(held, forArticle: false);
            }
        }
        var result = people.Contacts.Values.ToDictionary(c => c.Id, c =>
        {
            var mine = ideas.GetValueOrDefault(c.Id) ?? [];
            var why = mine.Count > 0 ? null
                : articles.Count == 0 ? "Nothing in your reading list yet: articles you read with the popup are kept here for the people they fit."
                : reasons.GetValueOrDefault(c.Id) ?? SuggestionRanker.Explain([], forArticle: false);
            return new PersonIdeas(c, cards.Describe(c, now), mine, why);
        });
        return (result, matching);
    }

    /// <summary>
    /// How well the reading list fits people not saved yet (an import's new contacts), by id: the best relevance of the
    /// <see cref="FitArticles"/> newest remembered articles to each, where it reaches the matching threshold. Scores
    /// only — no ranking, guardrails or drafts: the import orders its first notes by it (<see cref="ReadingFit"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, double>> ReadingFitAsync(AppDb db, Guid accountId, IReadOnlyList<Contact> people, CancellationToken ct)
    {
        // The reading of late is what the first notes will carry; and an import of thousands stays quick.
        var articles = (await readingList.ForMatchingAsync(db, accountId, ct)).OrderByDescending(a => a.Row.ReadAt).Take(FitArticles).ToList();
        if (articles.Count == 0 || people.Count == 0) return new Dictionary<Guid, double>();
        var useImplicit = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.UseImplicitInterests).SingleAsync(ct);
        var index = await indexes.ForContactsAsync(db, accountId, people, useImplicit, ct);
        var best = new double[index.ContactCount];
        foreach (var article in articles)
        {
            var scores = matcher.Score(article.Analysis, index).ContactScores;
            for (var c = 0; c < best.Length; c++)
                if (scores[c] >= matcher.MinScore) best[c] = Math.Max(best[c], scores[c]);
        }
        return Enumerable.Range(0, best.Length).Where(c => best[c] > 0).ToDictionary(c => index.ContactIds[c], c => best[c]);
    }

    const int FitArticles = 50;

    static ArticleBrief Brief(ReadingListArticle row) => new(row.Url, row.DisplayTitle ?? row.Title, row.SiteName, row.Excerpt, row.PublicFriendly);

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
}
