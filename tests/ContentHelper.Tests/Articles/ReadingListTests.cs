using ContentHelper.Tests.Matching;
using System.Net;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Articles;

[Trait("Storage", "Portable")]
public sealed class ReadingListTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["ReadingList:MaxArticles"] = "3", ["ReadingList:MaxAgeDays"] = "90" });
    public void Dispose() => app.Dispose();

    static async Task<SuggestionsResponse> Read(HttpClient client, string html, string url) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html })).Read<SuggestionsResponse>();

    static Task<SuggestionsResponse> ReadCarbon(HttpClient client, string url = Pages.CarbonUrl) => Read(client, Pages.Carbon(), url);

    static async Task<PagedResponse<ReadingListArticleResponse>> Recent(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/articles/reading-list" + query)).Read<PagedResponse<ReadingListArticleResponse>>();

    static string Story(int n) => Pages.Article($"Story number {n} about tidal power in the Pentland Firth",
        [$"Engineers installed turbine {n} on the seabed of the Pentland Firth this week, where the tide runs faster than anywhere else in Britain.",
         "The array now feeds enough electricity into the grid for several thousand homes, and its operators want to add more turbines next year.",
         "Tidal power is predictable in a way that wind and solar are not, its supporters say, though it still costs more per megawatt hour."],
        $"https://ledger.example.com/energy/tidal-{n}");

    [Fact]
    public async Task EveryArticleReadWithThePopupIsRememberedWithoutItsHtml()
    {
        var client = await app.SignUpAsync();

        await ReadCarbon(client, Pages.CarbonUrl + "?utm_source=newsletter");

        var item = Assert.Single((await Recent(client)).Items);
        Assert.Equal(Pages.CarbonUrl, item.Url);
        Assert.Equal(Pages.CarbonTitle, item.Title);
        Assert.Equal("The Ledger", item.SiteName);
        Assert.Contains(item.Topics, t => t.Phrase.Contains("carbon", StringComparison.OrdinalIgnoreCase));
        Assert.Null(item.SavedAt);
        var row = app.Db(db => db.ReadingListArticles.AsNoTracking().Single());
        var stored = string.Join('\n', row.Url, row.Title, row.DisplayTitle, row.SiteName, row.Excerpt, row.Text, string.Join('\n', row.Tags), string.Join('\n', row.Topics));
        Assert.DoesNotContain("<", stored);
        Assert.DoesNotContain("Most read", stored);
        Assert.DoesNotContain("Sign in", stored);
        // The lead and the sentences that hold its topics, not the whole text: the closing paragraph names none.
        Assert.StartsWith("The Northern Lights project", row.Text);
        Assert.True(row.Text.Length < Pages.CarbonParagraphs.Sum(p => p.Length + 2), "the text kept is a part of the article");
    }

    [Fact]
    public async Task ReadingTheSameArticleAgainKeepsOneEntryAndMovesItToTheTop()
    {
        var client = await app.SignUpAsync();
        await ReadCarbon(client);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Read(client, Story(1), "https://ledger.example.com/energy/tidal-1");
        app.Clock.Advance(TimeSpan.FromHours(1));
        await ReadCarbon(client, "https://www.ledger.example.com/climate/longship-million-tonnes/?fbclid=abc");

        var items = (await Recent(client)).Items;
        Assert.Equal(2, items.Count);
        Assert.Equal(Pages.CarbonUrl, items[0].Url);
        Assert.Equal(app.Clock.Now.UtcDateTime, items[0].ReadAt);
    }

    [Fact]
    public async Task TheReadingListKeepsOnlyTheNewestArticlesAndForgetsOldOnes()
    {
        var client = await app.SignUpAsync();
        for (var n = 1; n <= 5; n++)
        {
            await Read(client, Story(n), $"https://ledger.example.com/energy/tidal-{n}");
            app.Clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(["Story number 5", "Story number 4", "Story number 3"],
            (await Recent(client)).Items.Select(i => i.Title![..14]));

        app.Clock.Advance(TimeSpan.FromDays(88)); // story 3 is now 90 days old, 4 and 5 younger
        await ReadCarbon(client);
        var left = (await Recent(client)).Items;
        Assert.Equal([Pages.CarbonUrl, "https://ledger.example.com/energy/tidal-5", "https://ledger.example.com/energy/tidal-4"], left.Select(i => i.Url));
        Assert.Equal(3, app.Db(db => db.ReadingListArticles.Count()));
    }

    [Fact]
    public async Task SaveForLaterAddsAnArticleWithoutSharingIt()
    {
        var client = await app.SignUpAsync();

        var saved = await (await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }))
            .Read<ReadingListArticleResponse>(HttpStatusCode.Created);

        Assert.Equal(app.Clock.Now.UtcDateTime, saved.SavedAt);
        Assert.Equal(Pages.CarbonTitle, saved.Title);
        Assert.Equal(saved.Id, Assert.Single((await Recent(client, "?saved=true")).Items).Id);
        Assert.Equal(0, app.Db(db => db.Shares.Count()));
        // Reading it again later keeps it saved.
        await ReadCarbon(client);
        Assert.Equal(saved.SavedAt, Assert.Single((await Recent(client)).Items).SavedAt);
    }

    [Fact]
    public async Task SavingAPageThatIsNoArticleIsRefusedAndBadInputNamesItsField()
    {
        var client = await app.SignUpAsync();
        var shop = "<html><head><title>Shop</title></head><body><nav>Cart</nav><p>Buy now</p></body></html>";
        await (await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = "https://shop.example.com/", Html = shop }))
            .Problem(HttpStatusCode.UnprocessableEntity);
        await (await client.Post("/api/articles/reading-list", new { url = Pages.CarbonUrl })).ValidationProblem("html");
        await (await client.Post("/api/articles/reading-list", new { url = "not a url", html = Pages.Carbon() })).ValidationProblem("url");
        await (await client.GetAsync("/api/articles/reading-list?pageSize=0")).ValidationProblem("pageSize");
        Assert.Empty((await Recent(client)).Items);
    }

    [Fact]
    public async Task ForgettingAnArticleRemovesItsRememberedDataAndClearingForgetsAll()
    {
        var client = await app.SignUpAsync();
        await ReadCarbon(client);
        await Read(client, Story(1), "https://ledger.example.com/energy/tidal-1");
        var carbon = (await Recent(client)).Items.Single(i => i.Url == Pages.CarbonUrl);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/articles/reading-list/{carbon.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/articles/reading-list/{carbon.Id}")).StatusCode);
        Assert.False(app.Db(db => db.ReadingListArticles.Any(a => a.Id == carbon.Id)));
        Assert.Single((await Recent(client)).Items);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/articles/reading-list")).StatusCode);
        Assert.Empty((await Recent(client)).Items);
        Assert.Equal(0, app.Db(db => db.ReadingListArticles.Count()));
    }

    [Fact]
    public async Task AnotherAccountNeitherSeesNorForgetsMyReading()
    {
        var ana = await app.SignUpAsync("Ana");
        var bo = await app.SignUpAsync("Bo");
        await ReadCarbon(ana);
        var mine = Assert.Single((await Recent(ana)).Items);

        Assert.Empty((await Recent(bo)).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.DeleteAsync($"/api/articles/reading-list/{mine.Id}")).StatusCode);
        await bo.DeleteAsync("/api/articles/reading-list");
        Assert.Single((await Recent(ana)).Items);
        await (await app.CreateClient().GetAsync("/api/articles/reading-list")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RememberingCanBeSwitchedOffWhileSaveForLaterStillWorks()
    {
        using var off = new ContentHelperApp(new() { ["ReadingList:RememberRead"] = "false" });
        var client = await off.SignUpAsync();
        await ReadCarbon(client);
        Assert.Empty((await Recent(client)).Items);
        await (await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }))
            .Read<ReadingListArticleResponse>(HttpStatusCode.Created);
        Assert.Single((await Recent(client)).Items);
    }
}

/// <summary>With the model: a remembered article keeps its vectors and matches as it did when it was read.</summary>
public sealed class RememberedAnalysisTests : IDisposable
{
    readonly ContentHelperApp app = new(withModel: true);
    public void Dispose() => app.Dispose();

    // Long enough for three passages (title and lead, then two chunks of the body), so the restored mean is tested.
    static readonly string[] LongCarbon =
    [
        .. Pages.CarbonParagraphs,
        "At the Brevik works, engineers fitted the capture unit onto the kiln's exhaust stack, where an amine solvent absorbs carbon dioxide from the gas before it reaches the open air. Heating the solvent again releases a stream of almost pure CO2, which is cooled, compressed and stored in tanks beside the quay until the next ship arrives.",
        "The ships themselves were designed for the job: each carries about 7,500 cubic metres of liquid carbon dioxide at low temperature and high pressure, and makes the round trip to the receiving terminal in a little over two days. Two more vessels are being built for the expansion.",
        "From the terminal near Bergen, a pipeline runs a hundred kilometres out under the sea to a well that reaches a sandstone reservoir more than two and a half kilometres below the seabed. Above it lies a thick layer of shale, which geologists say has held gas in place for millions of years and should keep the injected carbon where it is.",
        "Monitoring is part of the licence. The operators survey the reservoir with seismic imaging and pressure gauges, and the Norwegian regulator requires them to show that the injected carbon dioxide stays inside the formation before the licence can be handed back to the state decades from now.",
        "Economists remain divided on the cost. A tonne captured at the cement plant costs several times the current price of a European emissions allowance, and the Norwegian state has paid for most of the first phase. Supporters answer that the first wind farms were expensive too, and that prices fell once many were built.",
        "Cement makers across Europe are watching. Their industry emits carbon dioxide not only from burning fuel but from the limestone itself, so even a kiln run entirely on clean electricity would still release it. For them, capture and storage may be the only way to reach the targets their governments have set for 2050.",
    ];

    [Fact]
    public async Task ARememberedArticleRestoresToTheRelevanceItHadWhenRead()
    {
        var client = await app.SignUpAsync();
        var html = Pages.Article(Pages.CarbonTitle, LongCarbon, Pages.CarbonUrl);
        await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = Pages.CarbonUrl, Html = html });
        var matcher = app.Services.GetRequiredService<InterestMatcher>();
        var readingList = app.Services.GetRequiredService<ReadingList>();
        var row = app.Db(db => db.ReadingListArticles.AsNoTracking().Single());
        Assert.Equal(3 * 384 * 4, row.PassageVectors?.Length);

        var parsed = await app.Services.GetRequiredService<ArticleParser>().ParseAsync(html, Pages.CarbonUrl, CancellationToken.None);
        var live = matcher.Analyze(parsed);
        var restored = readingList.Restore(row);
        var index = await matcher.BuildIndexAsync(
        [
            (Guid.NewGuid(), ["carbon capture"]), (Guid.NewGuid(), ["cement industry"]), (Guid.NewGuid(), ["gardening"]), (Guid.NewGuid(), ["football"]),
        ]);
        var before = matcher.Score(live, index).ContactScores;
        var after = matcher.Score(restored, index).ContactScores;

        for (var c = 0; c < before.Length; c++)
            Assert.True(Math.Abs(before[c] - after[c]) < 0.1, $"contact {c}: {before[c]:0.000} read, {after[c]:0.000} restored");
        Assert.Equal(Array.IndexOf(before, before.Max()), Array.IndexOf(after, after.Max()));
        Assert.True(after[0] >= 0.35, $"carbon capture still fits: {after[0]:0.000}");
        Assert.True(after[2] < 0.35 && after[3] < 0.35, $"gardening {after[2]:0.000} and football {after[3]:0.000} still do not");
    }
}
