using System.Net;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Suggestions;

/// <summary>
/// The first click after a start never fails for being early: the suggestion path is compiled as the server starts, and
/// a new article's meaning is not waited for past a bound — its words answer, its vectors serve the next ask.
/// </summary>
public sealed class FirstClickTests
{
    static async Task<SuggestionsResponse> Suggest(HttpClient client) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>();

    [Fact]
    public async Task ANewArticlesMeaningIsNotWaitedForPastTheBoundItServesTheNextAsk()
    {
        // No wait at all: however fast the model, the first answer for the article cannot have its vectors.
        using var app = new ContentHelperApp(new() { ["Matching:ArticleEmbedWait"] = "00:00:00" }, withModel: true);
        var client = await app.SignUpAsync();
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"] }))
            .Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();

        var first = await Suggest(client);
        Assert.Equal(MatchingMode.WarmingUp, first.Matching);
        Assert.Equal(ben.Id, Assert.Single(first.Suggestions).Contact.Id);
        Assert.All(first.Suggestions[0].Reasons, r => Assert.Equal("lexical", r.Kind));

        // The vectors were finished off the request path; the next ask for the article has them.
        await app.Services.GetRequiredService<InterestMatcher>().WhenArticlesEmbeddedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var again = await Suggest(client);
        Assert.Equal(MatchingMode.Semantic, again.Matching);
        Assert.Equal(ben.Id, Assert.Single(again.Suggestions).Contact.Id);
    }

    [Fact]
    public async Task AtStartTheWholePathRunsOnceOnABuiltInArticleAndLeavesNoTrace()
    {
        using var app = new ContentHelperApp(new() { ["Suggestions:WarmUp"] = "true" }, withModel: true);
        (await app.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();

        await app.Services.GetRequiredService<SuggestionsWarmup>().Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains(app.Logs, l => l.Contains("Warmed up the suggestion path", StringComparison.Ordinal) && l.Contains("with the model", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains("warm-up of the suggestion path failed", StringComparison.Ordinal));
        Assert.Equal((0, 0, 0, 0), app.Db(db => (db.Accounts.Count(), db.Contacts.Count(), db.RecentArticles.Count(), db.InterestVectors.Count())));
    }
}
