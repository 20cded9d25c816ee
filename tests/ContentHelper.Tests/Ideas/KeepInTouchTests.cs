using System.Net;
using System.Text;
using ContentHelper.Api.Ideas;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Ideas;

/// <summary>The reading list turned towards people: one contact's ideas, and who is due a note with the best thing to send.</summary>
[Trait("Storage", "Portable")]
public sealed class KeepInTouchTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    DateTime Now => app.Clock.Now.UtcDateTime;

    const string TidalUrl = "https://ledger.example.com/energy/tidal-array";
    static readonly string TidalPage = Pages.Article("Tidal energy array in the Pentland Firth doubles its turbines",
    [
        "Engineers installed four more tidal turbines on the seabed of the Pentland Firth this week, where the tide runs faster than anywhere else in Britain.",
        "The tidal array now feeds enough electricity into the grid for seven thousand homes, and its operators want to add more turbines next year.",
        "Tidal power is predictable in a way that wind and solar are not, its supporters say, though it still costs more per megawatt hour.",
    ], TidalUrl);

    const string FootballUrl = "https://ledger.example.com/sport/arsenal-chelsea";
    static readonly string FootballPage = Pages.Article("Arsenal go three points clear after beating Chelsea", Pages.FootballParagraphs, FootballUrl);

    const string ExpansionUrl = "https://ledger.example.com/climate/northern-lights-expansion";
    static readonly string ExpansionPage = Pages.Article("Carbon capture project to double its storage under the North Sea",
    [
        "The Northern Lights carbon capture project will double the carbon dioxide it can store under the North Sea after two more emitters signed up.",
        "A cement plant in Germany and a steel works in Sweden will ship liquefied carbon dioxide to the terminal from 2027, adding two million tonnes a year.",
        "Carbon capture and storage remains expensive, but its backers say heavy industry has no other way to cut the emissions of its kilns and furnaces.",
    ], ExpansionUrl);

    static async Task<ContactResponse> Contact(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    static Task Read(HttpClient client, string html, string url) =>
        client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html }).ContinueWith(t => t.Result.EnsureSuccessStatusCode());

    static async Task<ContactIdeasResponse> Ideas(HttpClient client, Guid id, string query = "") =>
        await (await client.GetAsync($"/api/contacts/{id}/ideas{query}")).Read<ContactIdeasResponse>();

    static async Task<KeepInTouchResponse> Due(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/keep-in-touch" + query)).Read<KeepInTouchResponse>();

    static Task Share(HttpClient client, Guid contactId, string url, string title) =>
        client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [contactId], Url = url, Title = title, Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = Guid.NewGuid().ToString(),
        }).ContinueWith(t => Assert.Equal(HttpStatusCode.Created, t.Result.StatusCode));

    async Task ReadAll(HttpClient client)
    {
        await Read(client, Pages.Carbon(), Pages.CarbonUrl);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Read(client, TidalPage, TidalUrl);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Read(client, FootballPage, FootballUrl);
    }

    [Fact]
    public async Task IdeasForAContactAreTheArticlesReadThatFitThemWithReasonsDraftAndLinks()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture", "tidal power"], Email = "ben@example.com" });
        await ReadAll(client);

        var result = await Ideas(client, ben.Id);

        Assert.Null(result.NoIdeaReason);
        Assert.Equal(ben.Id, result.Contact.Id);
        Assert.Equal([Pages.CarbonUrl, TidalUrl], result.Ideas.Select(i => i.Article.Url).Order());
        var carbon = result.Ideas.Single(i => i.Article.Url == Pages.CarbonUrl);
        Assert.Equal(Pages.CarbonTitle, carbon.Article.Title);
        Assert.Equal("carbon capture", carbon.Suggestion.Reasons[0].Interest);
        Assert.Contains("carbon capture", carbon.Suggestion.Reasons[0].Sentence!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Ben", carbon.Suggestion.Message.Text);
        Assert.Contains(Pages.CarbonUrl, carbon.Suggestion.Message.Text);
        Assert.Contains(carbon.Suggestion.Links, l => l.Url.StartsWith("mailto:ben@example.com", StringComparison.Ordinal));
        Assert.Equal(ShareAction.Send, carbon.Suggestion.Action);
        Assert.True(result.Ideas[0].Suggestion.Score >= result.Ideas[^1].Suggestion.Score);
        Assert.Single((await Ideas(client, ben.Id, "?limit=1")).Ideas);
    }

    [Fact]
    public async Task AnArticleAlreadySentToThemIsNeverAnIdeaAndAfterASendTheyCoolDown()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture", "tidal power"], Email = "ben@example.com" });
        await ReadAll(client);
        await Share(client, ben.Id, Pages.CarbonUrl + "?utm_source=x", Pages.CarbonTitle);

        // The tidal article still fits, but he just heard from us: that is the reason given, not "sent already".
        var cooling = await Ideas(client, ben.Id);
        Assert.Empty(cooling.Ideas);
        Assert.Contains("last few days", cooling.NoIdeaReason);

        app.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal([TidalUrl], (await Ideas(client, ben.Id)).Ideas.Select(i => i.Article.Url));
        await Share(client, ben.Id, TidalUrl, "Tidal energy array in the Pentland Firth doubles its turbines");
        app.Clock.Advance(TimeSpan.FromDays(10));
        var sent = await Ideas(client, ben.Id);
        Assert.Empty(sent.Ideas);
        Assert.Contains("sent them everything", sent.NoIdeaReason);

        await Read(client, ExpansionPage, ExpansionUrl);
        Assert.Equal([ExpansionUrl], (await Ideas(client, ben.Id)).Ideas.Select(i => i.Article.Url));
    }

    [Fact]
    public async Task NotNowOnAnIdeaKeepsThatArticleFromThem()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture", "tidal power"] });
        await ReadAll(client);

        (await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = ben.Id, Url = Pages.CarbonUrl })).EnsureSuccessStatusCode();

        Assert.Equal([TidalUrl], (await Ideas(client, ben.Id)).Ideas.Select(i => i.Article.Url));
    }

    [Fact]
    public async Task WithNothingReadOrNothingFittingTheAnswerSaysSo()
    {
        var client = await app.SignUpAsync();
        var gary = await Contact(client, new ContactRequest { Name = "Gary Gardener", Interests = ["roses", "vegetable gardening"] });
        Assert.Contains("reading list", (await Ideas(client, gary.Id)).NoIdeaReason);

        await ReadAll(client);
        var none = await Ideas(client, gary.Id);
        Assert.Empty(none.Ideas);
        Assert.Contains("Nothing you read lately fits", none.NoIdeaReason);
    }

    [Fact]
    public async Task IdeasOfAnUnknownOrAnotherAccountsContactAreNotFoundAndABadLimitNamesIt()
    {
        var ana = await app.SignUpAsync("Ana");
        var bo = await app.SignUpAsync("Bo");
        var ben = await Contact(ana, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"] });

        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync($"/api/contacts/{ben.Id}/ideas")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/api/contacts/{Guid.NewGuid()}/ideas")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostAsync($"/api/contacts/{ben.Id}/snooze", null)).StatusCode);
        await (await ana.GetAsync($"/api/contacts/{ben.Id}/ideas?limit=0")).ValidationProblem("limit");
        await (await ana.GetAsync("/api/keep-in-touch?limit=1000")).ValidationProblem("limit");
        await (await ana.Post($"/api/contacts/{ben.Id}/snooze", new SnoozeRequest { Days = 0 })).ValidationProblem("days");
        await (await app.CreateClient().GetAsync("/api/keep-in-touch")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeepInTouchListsWhoIsDueMostValuableFirstEachWithTheirBestIdea()
    {
        var client = await app.SignUpAsync();
        // Equally overdue (a third of their cadence late): the strategic contact first, then the peer.
        var strategic = await Contact(client, new ContactRequest { Name = "Sara Strategic", Circle = Circle.Strategic, LastContactedAt = Now.AddDays(-40), Interests = ["carbon capture"] });
        var peer = await Contact(client, new ContactRequest { Name = "Pete Peer", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-120), Interests = ["tidal power"] });
        // The same circle: the one further past their date first.
        var peerLater = await Contact(client, new ContactRequest { Name = "Paula Peer", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-100), Interests = ["opera"] });
        var soon = await Contact(client, new ContactRequest { Name = "Sid Soon", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-87) });
        await Contact(client, new ContactRequest { Name = "Nat NotDue", Circle = Circle.Strategic, LastContactedAt = Now.AddDays(-5), Interests = ["carbon capture"] });
        await ReadAll(client);

        var result = await Due(client);

        Assert.Equal(3, result.Due);
        Assert.Equal(1, result.Soon);
        Assert.Equal([strategic.Id, peer.Id, peerLater.Id, soon.Id], result.Contacts.Select(c => c.Contact.Id));
        var sara = result.Contacts[0];
        Assert.Equal(Pages.CarbonUrl, sara.Idea!.Article.Url);
        Assert.Equal("carbon capture", sara.Idea.Suggestion.Reasons[0].Interest);
        Assert.Equal(10, sara.DaysOverdue);
        Assert.Equal(30, sara.Contact.CadenceDays);
        Assert.Equal(40, sara.Contact.DaysSinceContact);
        Assert.True(sara.Contact.Overdue);
        Assert.Equal(TidalUrl, result.Contacts[1].Idea!.Article.Url);
        Assert.Null(result.Contacts[2].Idea);
        Assert.Contains("Nothing you read lately fits", result.Contacts[2].NoIdeaReason);
        Assert.Equal(-3, result.Contacts[3].DaysOverdue);
        Assert.False(result.Contacts[3].Contact.Overdue);
        Assert.Equal(2, result.WithIdeas);
        Assert.Equal([strategic.Id, peer.Id], (await Due(client, "?limit=2")).Contacts.Select(c => c.Contact.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("InMemory")]
    public async Task ThePageOrderWithManyPeopleAcrossCirclesAndCadencesIsTheDocumentedRule(string? provider)
    {
        using var other = provider is null ? null : new ContentHelperApp(new() { ["Storage:Provider"] = provider, ["ConnectionStrings:ContentHelper"] = $"mem-{Guid.NewGuid()}" });
        var host = other ?? app;
        var now = host.Clock.Now.UtcDateTime;
        var client = await host.SignUpAsync();
        // Circles of different weights and cadences, two with the same weight and cadence (peer, specialist), no
        // circle, cadences of their own; from not yet due to years late (past the cap), with equal dates in a group.
        Circle?[] circles = [Circle.Strategic, Circle.Mentor, Circle.Peer, Circle.Specialist, Circle.Social, null];
        int?[] ownCadences = [null, null, null, null, null, 14, 45];
        int[] daysSilent = [3, 20, 29, 35, 50, 64, 89, 95, 130, 179, 200, 400, 1500];
        var random = new Random(12);
        var created = new List<ContactResponse>();
        for (var i = 0; i < 90; i++)
            created.Add(await Contact(client, new ContactRequest
            {
                Name = $"Person {i}", Circle = circles[random.Next(circles.Length)], KeepInTouchDays = ownCadences[random.Next(ownCadences.Length)],
                LastContactedAt = now.AddDays(-daysSilent[random.Next(daysSilent.Length)]),
            }));
        var snoozed = created.Where(c => c.NextContactDue <= now).Take(3).ToList();
        foreach (var c in snoozed) (await client.PostAsync($"/api/contacts/{c.Id}/snooze", null)).EnsureSuccessStatusCode();

        // The rule (KeepInTouchOptions.OverdueCap): the circle's weight plus how overdue as a share of the cadence,
        // capped; then the earlier date; then the id.
        var weights = new SuggestionsOptions();
        var cap = new KeepInTouchOptions().OverdueCap;
        var soonDays = new KeepInTouchOptions().SoonDays;
        var listable = created.Where(c => c.NextContactDue <= now.AddDays(soonDays) && !snoozed.Contains(c)).ToList();
        var expected = listable
            .OrderByDescending(c => (c.Circle is { } circle ? weights.CircleFactors.GetValueOrDefault(circle, weights.NoCircleFactor) : weights.NoCircleFactor)
                + Math.Min(cap, (now - c.NextContactDue!.Value).TotalDays / c.CadenceDays!.Value))
            .ThenBy(c => c.NextContactDue).ThenBy(c => c.Id)
            .Select(c => c.Id).ToList();
        Assert.True(listable.GroupBy(c => (c.Circle, c.CadenceDays)).Count(g => g.Count() > 3) >= 3, "several groups larger than a short page");

        foreach (var limit in new[] { 1, 2, 3, 7, 20, 50 })
        {
            var page = await Due(client, $"?limit={limit}");
            Assert.Equal(expected.Take(limit), page.Contacts.Select(c => c.Contact.Id));
            Assert.Equal(listable.Count(c => c.NextContactDue <= now), page.Due);
            Assert.Equal(listable.Count(c => c.NextContactDue > now), page.Soon);
        }
    }

    [Fact]
    public async Task ASnoozedContactIsOffThePageForAWeekAndSharingFromThePageMakesThemNotDue()
    {
        var client = await app.SignUpAsync();
        var sara = await Contact(client, new ContactRequest { Name = "Sara Strategic", Circle = Circle.Strategic, LastContactedAt = Now.AddDays(-40), Interests = ["carbon capture"] });
        var pete = await Contact(client, new ContactRequest { Name = "Pete Peer", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-120), Interests = ["tidal power"] });
        await ReadAll(client);

        var snoozed = await (await client.PostAsync($"/api/contacts/{sara.Id}/snooze", null)).Read<ContactResponse>();
        Assert.Equal(Now.AddDays(7), snoozed.SnoozedUntil);
        Assert.True(snoozed.Overdue, "being due is unchanged; only the page leaves them out");
        var page = await Due(client);
        Assert.Equal([pete.Id], page.Contacts.Select(c => c.Contact.Id));
        Assert.Equal(1, page.Due);

        app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Contains(sara.Id, (await Due(client)).Contacts.Select(c => c.Contact.Id));
        await (await client.Post($"/api/contacts/{sara.Id}/snooze", new SnoozeRequest { Days = 30 })).Read<ContactResponse>();
        Assert.DoesNotContain(sara.Id, (await Due(client)).Contacts.Select(c => c.Contact.Id));
        Assert.Null((await (await client.DeleteAsync($"/api/contacts/{sara.Id}/snooze")).Read<ContactResponse>()).SnoozedUntil);
        Assert.Contains(sara.Id, (await Due(client)).Contacts.Select(c => c.Contact.Id));

        // Sharing the idea (as the page does, through the shares route) records contact: Pete is no longer due.
        var idea = (await Due(client)).Contacts.Single(c => c.Contact.Id == pete.Id).Idea!;
        await Share(client, pete.Id, idea.Article.Url, idea.Article.Title!);
        var after = await Due(client);
        Assert.DoesNotContain(pete.Id, after.Contacts.Select(c => c.Contact.Id));
        Assert.Equal(1, after.Due);
        Assert.Equal(idea.Article.Url, Assert.Single(app.Db(db => db.Shares.ToList())).Url);
    }

    [Fact]
    public async Task AnImportedConnectionNeverContactedIsDueByTheDayTheyConnectedButNoEarlierThanTheImport()
    {
        var client = await app.SignUpAsync();
        await client.ImportText("""
            First Name,Last Name,URL,Email Address,Company,Position,Connected On
            Olga,Berg,https://www.linkedin.com/in/olga-berg,,Northwind,Technical Recruiter,12 Mar 2021
            Nils,Silva,https://www.linkedin.com/in/nils-silva,,Contoso,Software Engineer,01 Feb 2026
            """);

        var olga = await client.Contact("Olga Berg");
        var nils = await client.Contact("Nils Silva");
        // Olga has waited since 2021: her first note is due now, not "overdue by four years". Nils connected a month
        // ago: his is due 180 days after that, as his cadence says.
        Assert.Equal(Now, olga.NextContactDue);
        Assert.Equal(Now, olga.FirstNoteDue);
        Assert.True(olga.Overdue);
        Assert.Equal(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(180), nils.NextContactDue);
        Assert.False(nils.Overdue);
        Assert.Equal([olga.Id], (await Due(client)).Contacts.Select(c => c.Contact.Id));
    }

    [Fact]
    public async Task AnImportedNetworkAndAWeekOfReadingGiveTheNeglectedSomethingWorthSending()
    {
        var csv = new StringBuilder("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        string[] positions = ["Talent Acquisition Lead", "Technical Recruiter", "Marine Biologist", "Carbon Capture Engineer", "Corporate Lawyer", "Tidal Energy Engineer"];
        for (var i = 0; i < positions.Length; i++)
            csv.Append($"Person,Number{i},https://www.linkedin.com/in/person-{i},,Company {i},{positions[i]},{1 + i} Jun 2022\n");
        var client = await app.SignUpAsync();
        await client.ImportText(csv.ToString());
        // A week of reading with the popup.
        foreach (var (html, url) in new[] { (Pages.Carbon(), Pages.CarbonUrl), (TidalPage, TidalUrl), (FootballPage, FootballUrl) })
        {
            await Read(client, html, url);
            app.Clock.Advance(TimeSpan.FromDays(2));
        }

        var result = await Due(client, "?limit=20");

        Assert.Equal(positions.Length, result.Due);
        var byHeadline = result.Contacts.ToDictionary(c => c.Contact.Headline!);
        var carbon = byHeadline["Carbon Capture Engineer"].Idea!;
        Assert.Equal(Pages.CarbonUrl, carbon.Article.Url);
        Assert.Equal(InterestSource.Headline, carbon.Suggestion.Reasons[0].Source);
        Assert.Equal("from their headline: Carbon Capture Engineer", carbon.Suggestion.Reasons[0].From);
        Assert.Equal(TidalUrl, byHeadline["Tidal Energy Engineer"].Idea!.Article.Url);
        Assert.Null(byHeadline["Corporate Lawyer"].Idea);
        Assert.Equal(result.Contacts.Count(c => c.Idea is not null), result.WithIdeas);
    }

    [Fact]
    public async Task DeletingAContactRemovesWhatWasRememberedAboutThem()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"] });
        await ReadAll(client);
        await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = ben.Id, Url = Pages.CarbonUrl });
        await client.Post($"/api/contacts/{ben.Id}/snooze", new SnoozeRequest { Days = 3 });

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{ben.Id}")).StatusCode);

        Assert.False(app.Db(db => db.Dismissals.Any(d => d.ContactId == ben.Id)));
        Assert.False(app.Db(db => db.Contacts.Any(c => c.Id == ben.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/contacts/{ben.Id}/ideas")).StatusCode);
        // The articles stay in the reading list: they were the user's reading, not the contact's.
        Assert.Equal(3, (await (await client.GetAsync("/api/articles/reading-list")).Read<ContentHelper.Shared.Common.PagedResponse<ReadingListArticleResponse>>()).Total);
    }
}
