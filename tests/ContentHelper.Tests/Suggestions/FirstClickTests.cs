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
        Assert.NotEmpty(first.Suggestions[0].Reasons);
        Assert.All(first.Suggestions[0].Reasons, r => Assert.Equal("lexical", r.Kind));

        // The vectors were finished off the request path; the next ask for the article has them.
        await app.Services.GetRequiredService<InterestMatcher>().WhenArticlesEmbeddedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var again = await Suggest(client);
        Assert.Equal(MatchingMode.Semantic, again.Matching);
        Assert.Equal(ben.Id, Assert.Single(again.Suggestions).Contact.Id);
    }

    [Fact]
    public async Task ANewArticleWhoseMeaningTakesLongerThanTheBudgetIsAnsweredByItsWordsNot503()
    {
        // A busy server, made certain: the article's meaning takes far longer than the 3 s budget (hundreds of
        // sentences, every one embedded), and the contact's interests were added just now, so their vectors are not in
        // yet either. The words answer in time; before, the request waited for the model and answered 503.
        using var app = new ContentHelperApp(new()
        {
            ["Suggestions:TimeBudget"] = "00:00:03",
            ["Matching:ArticleEmbedWait"] = "00:00:00.200",
            ["Matching:Sentences"] = "5000",
            ["Matching:SentenceTokens"] = "256",
            ["Matching:Passages"] = "500",
        }, withModel: true);
        var client = await app.SignUpAsync();
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"] }))
            .Read<ContactResponse>(HttpStatusCode.Created);

        var response = await client.Post("/api/suggestions", new SuggestionsRequest { Url = LongUrl, Html = LongCarbonArticle() });

        var answer = await response.Read<SuggestionsResponse>();
        Assert.Equal(MatchingMode.WarmingUp, answer.Matching);
        var suggestion = Assert.Single(answer.Suggestions);
        Assert.Equal(ben.Id, suggestion.Contact.Id);
        Assert.NotEmpty(suggestion.Reasons);
        Assert.All(suggestion.Reasons, r => Assert.Equal("lexical", r.Kind));
    }

    const string LongUrl = "https://ledger.example.com/climate/a-year-of-carbon-capture";

    /// <summary>A long report: 800 distinct sentences on carbon capture, each a few dozen tokens for the model.</summary>
    static string LongCarbonArticle() => Pages.Article("A year of carbon capture, plant by plant",
        Enumerable.Range(0, 160).Select(p => string.Join(" ", Enumerable.Range(0, 5).Select(s =>
        {
            var i = p * 5 + s;
            return $"In week {i} the carbon capture unit at plant number {i} stored {1000 + 37 * i} tonnes of carbon dioxide from its kiln, "
                + $"and its engineers reported pressure readings of {20 + i % 17} bar at well {i % 23} to the regulator.";
        }))));

    [Fact]
    public async Task AtStartTheWholePathRunsOnceOnABuiltInArticleAndLeavesNoTrace()
    {
        using var app = new ContentHelperApp(new() { ["Suggestions:WarmUp"] = "true" }, withModel: true);
        (await app.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();

        await app.Services.GetRequiredService<SuggestionsWarmup>().Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains(app.Logs, l => l.Contains("Warmed up the suggestion path", StringComparison.Ordinal) && l.Contains("with the model", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains("warm-up of the suggestion path failed", StringComparison.Ordinal));
        Assert.Equal((0, 0, 0, 0), app.Db(db => (db.Accounts.Count(), db.Contacts.Count(), db.ReadingListArticles.Count(), db.InterestVectors.Count())));
    }
}
