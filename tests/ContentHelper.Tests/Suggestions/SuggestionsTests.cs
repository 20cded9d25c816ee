using System.Net;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Api.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Suggestions;

[Trait("Storage", "Portable")]
public sealed class SuggestionsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    DateTime Now => app.Clock.Now.UtcDateTime;

    static async Task<ContactResponse> Contact(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    static async Task<SuggestionsResponse> Suggest(HttpClient client, string? html = null, string url = Pages.CarbonUrl, string? selection = null) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html ?? Pages.Carbon(), Selection = selection }))
            .Read<SuggestionsResponse>();

    static Task Share(HttpClient client, Guid contactId, string url, string? title = null, string key = "") =>
        client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [contactId], Url = url, Title = title, Action = ShareAction.Send, Channel = Channel.Email,
            IdempotencyKey = key.Length > 0 ? key : Guid.NewGuid().ToString(),
        }).ContinueWith(t => Assert.Equal(HttpStatusCode.Created, t.Result.StatusCode));

    [Fact]
    public async Task AContactWhoseInterestTheArticleServesIsSuggestedWithTheReason()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["Carbon Capture", "opera"], Email = "ben@example.com" });
        await Contact(client, new ContactRequest { Name = "Gary Gardener", Interests = ["gardening", "roses"] });

        var result = await Suggest(client);

        Assert.Null(result.NoMatchReason);
        Assert.Equal(MatchingMode.Lexical, result.Matching); // the model is switched off in these tests
        Assert.Equal(CarbonTitleWithoutSite, result.Article.Title);
        Assert.Equal("The Ledger", result.Article.SiteName);
        Assert.Contains(result.Article.Topics, t => t.Phrase.Contains("carbon"));
        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(ben.Id, suggestion.Contact.Id);
        var reason = suggestion.Reasons[0];
        Assert.Equal("Carbon Capture", reason.Interest);
        Assert.Contains("carbon capture", reason.Sentence!, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(suggestion.Score, 0.01, 1);
        // The relationship scales the relevance down, never up: the final score is at most the relevance.
        Assert.InRange(suggestion.ScoreParts.Relevance, suggestion.Score, 1);
    }

    const string CarbonTitleWithoutSite = Pages.CarbonTitle;

    [Fact]
    public async Task AContactWithNoMatchingInterestIsNeverSuggestedHoweverStale()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest
        {
            Name = "Gary Gardener", Interests = ["gardening", "knitting"], Circle = Circle.Strategic,
            LastContactedAt = Now.AddYears(-5), KeepInTouchDays = 7,
        });

        var result = await Suggest(client);

        Assert.Empty(result.Suggestions);
        Assert.False(string.IsNullOrWhiteSpace(result.NoMatchReason));
    }

    [Fact]
    public async Task TheOverdueContactOutranksTheRecentlyContactedOneAtEqualRelevance()
    {
        var client = await app.SignUpAsync();
        var recent = await Contact(client, new ContactRequest { Name = "Rita Recent", Interests = ["carbon capture"], KeepInTouchDays = 60, LastContactedAt = Now.AddDays(-2) });
        var overdue = await Contact(client, new ContactRequest { Name = "Otto Overdue", Interests = ["carbon capture"], KeepInTouchDays = 60, LastContactedAt = Now.AddDays(-250) });

        var result = await Suggest(client);

        Assert.Equal([overdue.Id, recent.Id], result.Suggestions.Select(s => s.Contact.Id));
        var (first, second) = (result.Suggestions[0], result.Suggestions[1]);
        Assert.Equal(first.ScoreParts.Relevance, second.ScoreParts.Relevance);
        Assert.True(first.ScoreParts.Overdue > 0);
        Assert.Equal(0, second.ScoreParts.Overdue);
        Assert.True(first.ScoreParts.Staleness > second.ScoreParts.Staleness);
        Assert.True(first.Contact.Overdue);
    }

    [Fact]
    public async Task WithEqualRelationshipsTheOrderIsByRelevance()
    {
        // Both listed, whatever their gap: this is about the order, not about who is left out beside the first.
        using var listAll = new ContentHelperApp(new() { ["Suggestions:RelativeFloor"] = "0" });
        var client = await listAll.SignUpAsync();
        // Same circle, same cadence, same last contact: only the interests differ.
        var common = new ContactRequest { Name = "", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-30), KeepInTouchDays = 90 };
        var weak = await Contact(client, common with { Name = "Wendy Weak", Interests = ["cement"] });
        var strong = await Contact(client, common with { Name = "Sam Strong", Interests = ["carbon capture", "energy storage"] });

        var result = await Suggest(client);

        // The article names cement in passing and carbon capture throughout: both fit, the stronger first.
        Assert.Equal([strong.Id, weak.Id], result.Suggestions.Select(s => s.Contact.Id));
        Assert.True(result.Suggestions[0].ScoreParts.Relevance > result.Suggestions[1].ScoreParts.Relevance);
    }

    [Fact]
    public async Task BesideTheFirstOnlyPeopleWhoFitNearlyAsWellAreSuggested()
    {
        var client = await app.SignUpAsync();
        var common = new ContactRequest { Name = "", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-30), KeepInTouchDays = 90 };
        await Contact(client, common with { Name = "Wendy Weak", Interests = ["cement"] });
        var strong = await Contact(client, common with { Name = "Sam Strong", Interests = ["carbon capture", "energy storage"] });
        var alsoStrong = await Contact(client, common with { Name = "Cara Capture", Interests = ["carbon capture"] });

        var result = await Suggest(client);

        // Cement is named in passing: a fit, but far from what the first two are sent the article for.
        Assert.Equal(new[] { strong.Id, alsoStrong.Id }.Order(), result.Suggestions.Select(s => s.Contact.Id).Order());
    }

    [Fact]
    public async Task ASharedInterestWithTheUserCountsExtra()
    {
        var client = await app.SignUpAsync();
        await client.Put("/api/me", new UpdateMeRequest { Name = "Ana", Interests = ["energy storage"] });
        var common = new ContactRequest { Name = "", Circle = Circle.Peer, LastContactedAt = Now.AddDays(-30), KeepInTouchDays = 90 };
        var a = await Contact(client, common with { Name = "Ada", Interests = ["carbon capture"] });
        var b = await Contact(client, common with { Name = "Bea", Interests = ["carbon capture", "energy storage"] });

        var result = await Suggest(client);
        var bea = result.Suggestions.Single(s => s.Contact.Id == b.Id);
        var ada = result.Suggestions.Single(s => s.Contact.Id == a.Id);
        Assert.Equal(1, bea.ScoreParts.SharedInterest);
        Assert.Equal(0, ada.ScoreParts.SharedInterest);
    }

    [Theory]
    [InlineData(Pages.CarbonUrl)]
    [InlineData("https://www.ledger.example.com/climate/longship-million-tonnes/?utm_source=newsletter&utm_medium=email")]
    [InlineData("https://amp.ledger.example.com/climate/longship-million-tonnes")]
    [InlineData("https://m.ledger.example.com/climate/longship-million-tonnes#top")]
    public async Task AContactAlreadySentThisArticleIsNotSuggestedEvenUnderAnotherUrl(string sharedUrl)
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        var chen = await Contact(client, new ContactRequest { Name = "Chen", Interests = ["energy storage"] });
        await Share(client, ben.Id, sharedUrl);
        app.Clock.Advance(TimeSpan.FromDays(30));

        // The tab's own URL differs from both the shared one and the canonical one.
        var result = await Suggest(client, url: "https://ledger.example.com/climate/longship-million-tonnes?ref=homepage");

        Assert.DoesNotContain(result.Suggestions, s => s.Contact.Id == ben.Id);
        Assert.Contains(result.Suggestions, s => s.Contact.Id == chen.Id);
    }

    [Fact]
    public async Task TheSameStoryUnderAnUnrelatedUrlIsRecognisedByItsTitle()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        await Share(client, ben.Id, "https://syndicate.example.org/story/88231", "Norway's Longship carbon store passes its first million tonnes - Syndicate");
        app.Clock.Advance(TimeSpan.FromDays(30));

        var result = await Suggest(client);

        Assert.Empty(result.Suggestions);
        Assert.Contains("already", result.NoMatchReason);
    }

    [Fact]
    public async Task AfterAShareTheContactCoolsDownForAWeek()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        await Share(client, ben.Id, "https://other.example.com/some-other-article", "Something else entirely");

        app.Clock.Advance(TimeSpan.FromDays(3));
        var during = await Suggest(client);
        Assert.Empty(during.Suggestions);
        Assert.Contains("last few days", during.NoMatchReason);

        app.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Single((await Suggest(client)).Suggestions);
    }

    [Fact]
    public async Task NoContactGetsMoreThanTheMonthlyCap()
    {
        using var capped = new ContentHelperApp(new() { ["Suggestions:MaxSharesPerContact"] = "2", ["Suggestions:CooldownDays"] = "0" });
        var client = await capped.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        await Share(client, ben.Id, "https://other.example.com/one", "One");
        await Share(client, ben.Id, "https://other.example.com/two", "Two");

        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>();
        Assert.Empty(result.Suggestions);
        Assert.Contains("this month", result.NoMatchReason);
    }

    [Fact]
    public async Task NotNowHidesThatPairOnly()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        var chen = await Contact(client, new ContactRequest { Name = "Chen", Interests = ["energy storage"] });

        var dismiss = await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = ben.Id, Url = Pages.CarbonUrl + "?utm_source=x" });
        Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = ben.Id, Url = Pages.CarbonUrl })).StatusCode);

        var result = await Suggest(client);
        Assert.Equal([chen.Id], result.Suggestions.Select(s => s.Contact.Id));

        var otherArticle = Pages.Article("Energy storage start-up raises funds for grid batteries", ["A grid batteries start-up focused on energy storage and carbon capture raised new funds this week to build three plants.", .. Pages.CarbonParagraphs[1..]], "https://ledger.example.com/energy/batteries");
        var elsewhere = await Suggest(client, otherArticle, "https://ledger.example.com/energy/batteries");
        Assert.Contains(elsewhere.Suggestions, s => s.Contact.Id == ben.Id);
    }

    [Fact]
    public async Task DismissingAnUnknownOrForeignContactIs404()
    {
        var client = await app.SignUpAsync();
        var other = await app.SignUpAsync("Other");
        var theirs = await Contact(other, new ContactRequest { Name = "Theirs", Interests = ["carbon capture"] });

        await (await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = Guid.NewGuid(), Url = Pages.CarbonUrl })).Problem(HttpStatusCode.NotFound);
        await (await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = theirs.Id, Url = Pages.CarbonUrl })).Problem(HttpStatusCode.NotFound);
        await (await client.Post("/api/suggestions/dismiss", new { url = "nope" })).ValidationProblem("contactId", "url");
    }

    [Fact]
    public async Task SuggestionsNeverIncludeAnotherAccountsContacts()
    {
        var mine = await app.SignUpAsync("Mine");
        var theirs = await app.SignUpAsync("Theirs");
        await Contact(theirs, new ContactRequest { Name = "Their Ben", Interests = ["carbon capture"] });

        var result = await Suggest(mine);
        Assert.Empty(result.Suggestions);
        Assert.Contains("No contacts", result.NoMatchReason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://ledger.example.com/sport/arsenal-beat-chelsea-emirates")] // a canonical copied from another story
    [InlineData(null)] // none declared
    public async Task TheDraftLinksTheTabUrlWithoutTrackingWhenTheCanonicalIsMissingOrNamesAnotherStory(string? canonical)
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com" });

        var result = await Suggest(client, Pages.Article(Pages.CarbonTitle, Pages.CarbonParagraphs, canonical),
            Pages.CarbonUrl + "?utm_source=newsletter&fbclid=abc");

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Contains(Pages.CarbonUrl, suggestion.Message.Text);
        Assert.DoesNotContain("utm_source", suggestion.Message.Text);
        Assert.DoesNotContain("fbclid", suggestion.Message.Text);
        Assert.DoesNotContain("arsenal", suggestion.Message.Text);
    }

    [Fact]
    public async Task DraftsUseTheTitleWithoutTheSitesName()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com", PreferredChannel = Channel.Email });
        var html = Pages.Carbon(extraHead: $"""<meta property="og:title" content="{Pages.CarbonTitle} - Ledger.example.com">""");

        var result = await Suggest(client, html);

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(Pages.CarbonTitle, result.Article.Title);
        // The subject names the article; the note may leave it to the link.
        Assert.Contains(Pages.CarbonTitle, suggestion.Message.Subject!);
        foreach (var text in new[] { suggestion.Message.Text, suggestion.Message.Subject! })
            Assert.DoesNotContain("Ledger.example.com", text);
    }

    [Fact]
    public async Task EveryLinkIsAUrlThatCarriesTheDraft()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest
        {
            Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com", Phone = "+44 20 7946 0958",
            LinkedInUrl = "https://www.linkedin.com/in/bencarter", XHandle = "bencarter", PreferredChannel = Channel.Email,
        });

        var suggestion = Assert.Single((await Suggest(client, url: Pages.CarbonUrl + "?utm_source=x")).Suggestions);

        Assert.Equal(Channel.Email, suggestion.Links[0].Channel);
        foreach (var link in suggestion.Links)
        {
            Assert.True(Uri.TryCreate(link.Url, UriKind.Absolute, out var uri), link.Url);
            Assert.DoesNotContain(" ", link.Url);
            var query = uri!.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
            switch (link.Channel, link.Action)
            {
                case (Channel.Email, _):
                    Assert.StartsWith("mailto:ben@example.com?", link.Url);
                    Assert.DoesNotContain("+", link.Url);
                    Assert.Contains("%20", link.Url);
                    Assert.Contains("%0D%0A", link.Url);
                    Assert.Equal(suggestion.Message.Subject, query["subject"]);
                    Assert.Equal(suggestion.Message.Text.Replace("\n", "\r\n"), query["body"]);
                    break;
                case (Channel.WhatsApp, _):
                    Assert.StartsWith("https://wa.me/442079460958?text=", link.Url);
                    Assert.Contains(Pages.CarbonUrl, query["text"]);
                    break;
                case (Channel.X, _):
                    Assert.StartsWith("https://x.com/intent/tweet?", link.Url);
                    Assert.True(query["text"].Length + 1 + query["url"].Length <= 280);
                    Assert.Contains("@bencarter", query["text"]);
                    Assert.Equal(Pages.CarbonUrl, query["url"]);
                    break;
                case (Channel.LinkedIn, ShareAction.Tag):
                    Assert.Equal("https://www.linkedin.com/sharing/share-offsite/?url=" + Uri.EscapeDataString(Pages.CarbonUrl), link.Url);
                    Assert.False(string.IsNullOrWhiteSpace(link.ClipboardText));
                    break;
                case (Channel.LinkedIn, ShareAction.Send):
                    Assert.Equal("https://www.linkedin.com/in/bencarter", link.Url);
                    Assert.Contains("Ben", link.ClipboardText);
                    break;
            }
        }
        Assert.Contains(suggestion.Links, l => l.Channel == Channel.WhatsApp);
        Assert.Contains(suggestion.Links, l => l.Channel == Channel.X);
    }

    [Fact]
    public async Task AContactWithNoChannelStillGetsACopyableMessage()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Nadia", Interests = ["carbon capture"] });
        var suggestion = Assert.Single((await Suggest(client)).Suggestions);
        Assert.Empty(suggestion.Links);
        Assert.Equal(Channel.Other, suggestion.Channel);
        Assert.Contains("Nadia", suggestion.Message.Text);
    }

    [Fact]
    public async Task CloseContactsGetAMessageAndInformationGeneratorsATag()
    {
        var client = await app.SignUpAsync();
        var close = await Contact(client, new ContactRequest { Name = "Sara Strategic", Circle = Circle.Strategic, Interests = ["carbon capture"], XHandle = "sara", Email = "sara@example.com" });
        var loud = await Contact(client, new ContactRequest { Name = "Ivo Info", Circle = Circle.InformationGenerator, Interests = ["carbon capture"], XHandle = "ivo", Email = "ivo@example.com" });

        var result = await Suggest(client);
        var sara = result.Suggestions.Single(s => s.Contact.Id == close.Id);
        var ivo = result.Suggestions.Single(s => s.Contact.Id == loud.Id);
        Assert.Equal((ShareAction.Send, Channel.Email), (sara.Action, sara.Channel));
        Assert.Equal((ShareAction.Tag, Channel.X), (ivo.Action, ivo.Channel));
        Assert.Contains("@ivo", ivo.Message.Text);
    }

    [Fact]
    public async Task SensitiveOrPaywalledArticlesAreSentNeverTagged()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Ivo Info", Circle = Circle.InformationGenerator, Interests = ["carbon capture"], XHandle = "ivo", Email = "ivo@example.com" });
        var paywalled = Pages.Carbon(extraHead: """<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script>""");
        var layoffs = Pages.Article("Carbon capture firm announces layoffs as funding dries up", Pages.CarbonParagraphs, "https://ledger.example.com/climate/layoffs");

        foreach (var (html, url) in new[] { (paywalled, Pages.CarbonUrl), (layoffs, "https://ledger.example.com/climate/layoffs") })
        {
            var suggestion = Assert.Single((await Suggest(client, html, url)).Suggestions);
            Assert.Equal(ShareAction.Send, suggestion.Action);
            Assert.Null((await Suggest(client, html, url)).GroupTag);
        }
    }

    [Fact]
    public async Task SeveralPublicContactsGetOneGroupTagPost()
    {
        var client = await app.SignUpAsync();
        foreach (var (name, handle, interest) in new[] { ("Ivo Info", "ivo", "carbon capture"), ("Nina News", "nina", "energy storage"), ("Pia Pundit", "pia", "cement"), ("Quin Quote", "quin", "carbon capture") })
            await Contact(client, new ContactRequest { Name = name, Circle = Circle.InformationGenerator, Interests = [interest], XHandle = handle });

        var result = await Suggest(client);

        var group = Assert.IsType<GroupTag>(result.GroupTag);
        Assert.InRange(group.ContactIds.Count, 2, 3);
        var x = group.Links.Single(l => l.Channel == Channel.X);
        var text = Uri.UnescapeDataString(x.Url.Split("text=")[1].Split('&')[0]);
        Assert.True(text.Length + 1 + Pages.CarbonUrl.Length <= 280);
        foreach (var id in group.ContactIds)
        {
            var s = result.Suggestions.Single(s => s.Contact.Id == id);
            Assert.Contains(s.Reasons[0].Interest, group.Text);
        }
        foreach (var phrase in MessageDrafter.StockPhrases)
            Assert.DoesNotContain(phrase, group.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DraftsAreSpecificSafeAndNeverIdentical()
    {
        var client = await app.SignUpAsync();
        await client.Put("/api/me", new UpdateMeRequest { Name = "Ana Ruiz" });
        await Contact(client, new ContactRequest { Name = "<script>alert(1)</script>", Interests = ["carbon capture"], Email = "x@example.com", LastContactedAt = Now.AddDays(-400) });
        await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com", LastContactedAt = Now.AddDays(-10) });
        var html = Pages.Carbon(title: "Carbon <b>capture</b> & <img src=x onerror=alert(1)> storage milestone");

        var result = await Suggest(client, html, selection: "a milestone for carbon capture and storage in Europe");

        Assert.Equal(2, result.Suggestions.Count);
        var texts = result.Suggestions.Select(s => s.Message.Text).ToList();
        Assert.NotEqual(texts[0], texts[1]);
        foreach (var s in result.Suggestions)
        {
            Assert.DoesNotContain("<script", s.Message.Text);
            Assert.DoesNotContain("<img", s.Message.Text);
            Assert.DoesNotContain("<b>", s.Message.Text);
            Assert.Contains("carbon capture", s.Message.Text);
            Assert.Contains("“a milestone for carbon capture and storage in Europe”", s.Message.Text);
            Assert.Contains("Ana", s.Message.Text);
            Assert.Contains(Pages.CarbonUrl, s.Message.Text);
            foreach (var phrase in MessageDrafter.StockPhrases)
                Assert.DoesNotContain(phrase, s.Message.Text, StringComparison.OrdinalIgnoreCase);
        }
        // 400 days of silence are said once, in words (which words depends on the contact); 10 days are not mentioned.
        var stale = result.Suggestions.Single(s => s.Contact.Name.StartsWith('<'));
        var recent = result.Suggestions.Single(s => s.Contact.Name == "Ben Carter");
        Assert.Equal(1, MessageDrafterTests.GapsSaid(stale.Message.Text));
        Assert.Equal(0, MessageDrafterTests.GapsSaid(recent.Message.Text));
    }

    [Fact]
    public async Task TheSameRequestGivesTheSameDrafts()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com" });
        var a = (await Suggest(client)).Suggestions[0].Message;
        var b = (await Suggest(client)).Suggestions[0].Message;
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task APageThatIsNotAnArticleSaysSo()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "Ben", Interests = ["carbon capture"] });
        const string login = """<html><head><title>Sign in</title></head><body><form action="/login"><label>Email <input name="email"></label><label>Password <input type="password" name="p"></label><button>Sign in</button></form></body></html>""";

        var result = await Suggest(client, login, "https://ledger.example.com/login");

        Assert.False(result.Article.IsArticle);
        Assert.Empty(result.Suggestions);
        Assert.Contains("doesn't look like an article", result.NoMatchReason);
    }

    [Fact]
    public async Task InvalidRequestsNameTheirFields()
    {
        var client = await app.SignUpAsync();
        await (await client.Post("/api/suggestions", new { url = "not a url", limit = 500 })).ValidationProblem("url", "html", "limit");
    }

    [Fact]
    public async Task TheLimitCapsTheSuggestions()
    {
        var client = await app.SignUpAsync();
        for (var i = 0; i < 8; i++)
            await Contact(client, new ContactRequest { Name = $"Person {i}", Interests = ["carbon capture"] });
        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon(), Limit = 3 })).Read<SuggestionsResponse>();
        Assert.Equal(3, result.Suggestions.Count);
        Assert.Equal(5, (await Suggest(client)).Suggestions.Count);
    }
}

/// <summary>With the embedding model: interests that share no word with the article still match by meaning.</summary>
public sealed class SemanticSuggestionsTests : IDisposable
{
    readonly ContentHelperApp app = new(withModel: true);
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task AParaphrasedInterestMatchesByMeaning()
    {
        var client = await app.SignUpAsync();
        var fan = await (await client.Post("/api/contacts", new ContactRequest { Name = "Fay Fan", Interests = ["english football"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.Post("/api/contacts", new ContactRequest { Name = "Gus Gardener", Interests = ["gardening"] });
        await client.Post("/api/contacts", new ContactRequest { Name = "Kit Knitter", Interests = ["knitting"] });
        var html = Pages.Article("Arsenal go three points clear after beating Chelsea", Pages.FootballParagraphs, "https://ledger.example.com/sport/arsenal-chelsea");

        await app.EmbeddedAsync();
        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = "https://ledger.example.com/sport/arsenal-chelsea", Html = html }))
            .Read<SuggestionsResponse>();

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(fan.Id, suggestion.Contact.Id);
        Assert.Equal("semantic", suggestion.Reasons[0].Kind);
        Assert.Equal(MatchingMode.Semantic, result.Matching);
    }

    [Fact]
    public async Task AnExactPhraseInTheTitleOutranksARelatedWordAndBothKeepTheirOrderInTheRelevance()
    {
        var client = await app.SignUpAsync();
        var recruiter = await (await client.Post("/api/contacts", new ContactRequest { Name = "Rae Recruiter", Interests = ["recruiting"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var remote = await (await client.Post("/api/contacts", new ContactRequest { Name = "Rem Ote", Interests = ["remote hiring"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.Post("/api/contacts", new ContactRequest { Name = "Gus Gardener", Interests = ["gardening"] });
        const string url = "https://ledger.example.com/work/remote-hiring-final-interview";
        var html = Pages.Article("Why remote hiring stalls at the final interview",
        [
            "Companies that moved their hiring online during the pandemic say candidates now drop out at the last stage far more often than before.",
            "Managers blame long gaps between video interviews and a final round that still asks people to travel, while candidates cite offers that arrive weeks late.",
            "Some firms have cut the process to three conversations in a week, and say their recruiting teams fill roles faster as a result.",
        ], url);

        // Every phrase with its vector first: with one still lexical the order could be either way.
        await app.EmbeddedAsync();
        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html })).Read<SuggestionsResponse>();

        Assert.Equal([remote.Id, recruiter.Id], result.Suggestions.Select(s => s.Contact.Id).Take(2));
        var (first, second) = (result.Suggestions[0].ScoreParts.Relevance, result.Suggestions[1].ScoreParts.Relevance);
        Assert.True(first > second, $"{first} > {second}");
        Assert.True(first < 1, $"{first} < 1");
        Assert.Equal(MatchStrength.Strong, result.Suggestions[0].Strength);
    }
}

/// <summary>The in-memory phrase vectors are a bounded cache, not the truth: the database's vectors are used past it.</summary>
public sealed class BoundedPhraseCacheTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["Matching:PhraseVectorCacheMegabytes"] = "0" }, withModel: true);
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task WithNoRoomForVectorsEveryPhraseStillMatchesByMeaningBeforeAndAfterAnEdit()
    {
        var client = await app.SignUpAsync();
        var fan = await (await client.Post("/api/contacts", new ContactRequest { Name = "Fay Fan", Interests = ["english football"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.Post("/api/contacts", new ContactRequest { Name = "Gus Gardener", Interests = ["gardening"] });
        await client.Post("/api/contacts", new ContactRequest { Name = "Kit Knitter", Interests = ["knitting"] });
        const string url = "https://ledger.example.com/sport/arsenal-chelsea";
        var html = Pages.Article("Arsenal go three points clear after beating Chelsea", Pages.FootballParagraphs, url);

        async Task<SuggestionsResponse> SettledAsync()
        {
            await app.EmbeddedAsync();
            return await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html })).Read<SuggestionsResponse>();
        }

        Assert.Equal(fan.Id, Assert.Single((await SettledAsync()).Suggestions).Contact.Id);

        // An edit queues the contact's phrases again and rebuilds the index; the phrase's vector comes from the database.
        await (await client.Put($"/api/contacts/{fan.Id}", new ContactRequest { Name = "Fay Fan", Interests = ["english football"], Tags = ["season ticket"], Version = fan.Version }))
            .Read<ContactResponse>();
        var after = Assert.Single((await SettledAsync()).Suggestions);
        Assert.Equal(fan.Id, after.Contact.Id);
        Assert.Equal("semantic", after.Reasons[0].Kind);
    }
}
