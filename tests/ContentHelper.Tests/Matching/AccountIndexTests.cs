using System.Net;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Matching;

/// <summary>
/// An account's cached interest index follows its contacts by what changed (issue 26, item 4): an edit reads that
/// contact again and no other, and a phrase whose vector is stored is never queued for the model again, whatever the
/// in-memory caches hold.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class AccountIndexTests
{
    const string FootballUrl = "https://ledger.example.com/sport/arsenal-chelsea";
    static readonly string FootballPage = Pages.Article("Arsenal go three points clear after beating Chelsea", Pages.FootballParagraphs, FootballUrl);

    static async Task<SuggestionsResponse> SuggestAsync(HttpClient client) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = FootballUrl, Html = FootballPage, Limit = 50 })).Read<SuggestionsResponse>();

    [Fact]
    public async Task AContactEditReadsThatContactAgainAndNoOther()
    {
        using var app = new ContentHelperApp();
        var indexes = app.Services.GetRequiredService<InterestIndexes>();
        var client = await app.SignUpAsync();
        var people = new List<ContactResponse>();
        for (var i = 0; i < 40; i++)
            people.Add(await (await client.Post("/api/contacts", new ContactRequest { Name = $"Person {i}", Interests = [i % 2 == 0 ? "gardening" : "knitting"] }))
                .Read<ContactResponse>(HttpStatusCode.Created));
        var fan = await (await client.Post("/api/contacts", new ContactRequest { Name = "Fay Fan", Interests = ["premier league"] })).Read<ContactResponse>(HttpStatusCode.Created);
        Assert.Equal([fan.Id], (await SuggestAsync(client)).Suggestions.Select(s => s.Contact.Id));
        var read = indexes.ContactsRead;

        var edited = await (await client.Put($"/api/contacts/{people[7].Id}", new ContactRequest { Name = "Person 7", Interests = ["knitting", "Premier League"], Version = people[7].Version }))
            .Read<ContactResponse>();
        var afterEdit = await SuggestAsync(client);

        Assert.Equal(read + 1, indexes.ContactsRead);
        Assert.Equal([edited.Id, fan.Id], afterEdit.Suggestions.Select(s => s.Contact.Id).Order());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{fan.Id}")).StatusCode);
        var afterDelete = await SuggestAsync(client);

        Assert.Equal(read + 1, indexes.ContactsRead);
        Assert.Equal([edited.Id], afterDelete.Suggestions.Select(s => s.Contact.Id));

        // Nothing changed: nothing is read.
        await SuggestAsync(client);
        Assert.Equal(read + 1, indexes.ContactsRead);
    }

    [Fact]
    public async Task WhatWasSentToSomeoneUpdatesTheirInterestsAndOnlyTheirs()
    {
        using var app = new ContentHelperApp();
        var indexes = app.Services.GetRequiredService<InterestIndexes>();
        var client = await app.SignUpAsync();
        for (var i = 0; i < 20; i++)
            await (await client.Post("/api/contacts", new ContactRequest { Name = $"Person {i}", Interests = ["gardening"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var quiet = await (await client.Post("/api/contacts", new ContactRequest { Name = "Quinn Quiet" })).Read<ContactResponse>(HttpStatusCode.Created);
        // Read with the popup, so the reading list remembers its topics, and sent to Quinn, who has no interests at all.
        Assert.Empty((await SuggestAsync(client)).Suggestions);
        var read = indexes.ContactsRead;
        (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [quiet.Id], Url = FootballUrl, Title = "Arsenal go three points clear after beating Chelsea", Action = ShareAction.Send,
            Channel = Channel.Email, IdempotencyKey = Guid.NewGuid().ToString(),
        })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(30));

        const string url = "https://ledger.example.com/sport/arsenal-title-race";
        var next = Pages.Article("Chelsea hold Arsenal to a draw and slow the title race",
        [
            "Chelsea came from behind to draw 1-1 with Arsenal at Stamford Bridge on Sunday, ending the leaders' run of six straight league wins.",
            "Arsenal had gone ahead through Bukayo Saka early in the second half, but Chelsea equalised ten minutes from time with a header from a corner.",
            "The point keeps Arsenal top of the table, one point ahead of Liverpool, who play Manchester City at Anfield next weekend.",
            "Chelsea's manager said his players had matched the best side in the country for ninety minutes, and that the result showed how far they had come since the autumn.",
        ], url);
        var after = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = next })).Read<SuggestionsResponse>();

        var suggestion = Assert.Single(after.Suggestions);
        Assert.Equal(quiet.Id, suggestion.Contact.Id);
        Assert.Equal(InterestSource.Shared, suggestion.Reasons[0].Source);
        Assert.Equal(read + 1, indexes.ContactsRead);
    }

    [Fact]
    public async Task APhraseWithAStoredVectorIsNotQueuedAgainWhenItsContactIsSaved()
    {
        // No vector kept in memory outside the indexes: before, every save queued its contact's phrases again.
        using var app = new ContentHelperApp(new() { ["Matching:PhraseVectorCacheMegabytes"] = "0" }, withModel: true);
        var queue = app.Services.GetRequiredService<InterestIndexes>().Queue;
        var client = await app.SignUpAsync();
        var fan = await (await client.Post("/api/contacts", new ContactRequest { Name = "Fay Fan", Interests = ["english football", "match reports"], UseImplicitInterests = false }))
            .Read<ContactResponse>(HttpStatusCode.Created);
        await client.Post("/api/contacts", new ContactRequest { Name = "Gus Gardener", Interests = ["gardening"], UseImplicitInterests = false });
        await app.EmbeddedAsync();
        await SuggestAsync(client);
        await app.EmbeddedAsync();
        var accepted = queue.Accepted;

        await (await client.Put($"/api/contacts/{fan.Id}", new ContactRequest { Name = "Fay Fan", Interests = ["english football", "match reports"], Tags = ["season ticket"], UseImplicitInterests = false, Version = fan.Version }))
            .Read<ContactResponse>();
        var after = await SuggestAsync(client);
        await app.EmbeddedAsync();

        Assert.Equal(accepted, queue.Accepted);
        var match = Assert.Single(after.Suggestions);
        Assert.Equal(fan.Id, match.Contact.Id);
    }

    [Fact]
    public async Task AnAccountWithMorePhrasesThanTheVectorCacheHoldsIsNeitherReadAgainNorQueuedAgain()
    {
        // 1 MB holds ~550 vectors; the account has 1,200 phrases.
        using var app = new ContentHelperApp(new() { ["Matching:PhraseVectorCacheMegabytes"] = "1", ["Matching:MaxQueuedPhrasesPerAccount"] = "100000" }, withModel: true);
        var indexes = app.Services.GetRequiredService<InterestIndexes>();
        var (client, account) = await app.SignUpWithAccountAsync();
        for (var c = 0; c < 40; c++)
            await (await client.Post("/api/contacts", new ContactRequest
            {
                Name = $"Person {c}", Interests = [.. Enumerable.Range(0, 30).Select(i => $"niche topic {c} {i}")], UseImplicitInterests = false,
            })).Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();
        await SuggestAsync(client);
        await app.EmbeddedAsync();
        var (read, accepted) = (indexes.ContactsRead, indexes.Queue.Accepted);

        for (var i = 0; i < 3; i++) await SuggestAsync(client);
        await app.EmbeddedAsync();

        Assert.Equal((read, accepted), (indexes.ContactsRead, indexes.Queue.Accepted));
        using var scope = app.Services.CreateScope();
        var index = await indexes.ForAccountAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), account.AccountId, default);
        Assert.Equal(1_200, index.PhraseCount);
        Assert.Empty(index.PhrasesWithoutVectors);
    }
}
