using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ContentHelper.Tests.Matching;

/// <summary>
/// The background embedding of interest phrases is shared fairly between accounts, one account's share of it is
/// bounded, and vectors that no contact of any account uses any more are dropped.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class BackgroundEmbeddingTests
{
    static ContactRequest Person(string name, IEnumerable<string> interests) =>
        new() { Name = name, Interests = [.. interests], UseImplicitInterests = false };

    static int Stored(ContentHelperApp app, IEnumerable<string> phrases)
    {
        var keys = phrases.Select(p => p.ToLowerInvariant()).ToList();
        return app.Db(db => db.InterestVectors.Count(v => keys.Contains(v.Phrase)));
    }

    [Fact]
    public async Task OneAccountQueuesAtMostItsShareAndTheRestWaitsForItsNextSuggestion()
    {
        using var app = new ContentHelperApp(new() { ["Matching:MaxQueuedPhrasesPerAccount"] = "20" }, withModel: true);
        var flooder = await app.SignUpAsync("Flooder");
        var other = await app.SignUpAsync("Other");
        var many = Enumerable.Range(0, 50).Select(i => $"flood topic {i}").ToList();
        var few = Enumerable.Range(0, 5).Select(i => $"calm topic {i}").ToList();

        await (await flooder.Post("/api/contacts", Person("Fifty", many))).Read<ContactResponse>(HttpStatusCode.Created);
        await (await other.Post("/api/contacts", Person("Five", few))).Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();

        Assert.Equal(20, Stored(app, many));
        Assert.Equal(5, Stored(app, few));

        // The phrases left out are matched lexically meanwhile; the account's next index build queues the next share.
        await (await flooder.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>();
        await app.EmbeddedAsync();
        Assert.Equal(40, Stored(app, many));
    }

    [Fact]
    public async Task VectorsNoContactUsesAreDroppedWhileAPhraseAnotherAccountUsesStays()
    {
        using var app = new ContentHelperApp(new() { ["Matching:VectorSweepInterval"] = "00:00:00" }, withModel: true);
        var ana = await app.SignUpAsync("Ana");
        var bo = await app.SignUpAsync("Bo");
        var anas = await (await ana.Post("/api/contacts", Person("Cy", ["Quantum knitting", "alpine gardening"]))).Read<ContactResponse>(HttpStatusCode.Created);
        var bos = await (await bo.Post("/api/contacts", Person("Di", ["quantum knitting"]))).Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();
        Assert.Equal(2, Stored(app, ["quantum knitting", "alpine gardening"]));

        Assert.Equal(HttpStatusCode.NoContent, (await ana.DeleteAsync($"/api/contacts/{anas.Id}")).StatusCode);
        await app.EmbeddedAsync();
        Assert.Equal(0, Stored(app, ["alpine gardening"]));
        Assert.Equal(1, Stored(app, ["quantum knitting"])); // Bo's contact still has it

        Assert.Equal(HttpStatusCode.NoContent, (await bo.DeleteAsync($"/api/contacts/{bos.Id}")).StatusCode);
        await app.EmbeddedAsync();
        Assert.Equal(0, app.Db(db => db.InterestVectors.Count()));
    }
}

/// <summary>Fairness needs the order vectors were stored in, which SQLite's rowid keeps.</summary>
public sealed class FairEmbeddingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnotherAccountsPhraseIsEmbeddedBeforeAFloodingAccountsBacklog()
    {
        using var app = new ContentHelperApp(new() { ["Matching:MaxQueuedPhrasesPerAccount"] = "100000" }, withModel: true);
        var flooder = await app.SignUpAsync("Flooder");
        var other = await app.SignUpAsync("Other");
        var flood = Enumerable.Range(0, 40).Select(c => Enumerable.Range(0, 50).Select(i => $"backlog topic {c} {i}").ToList()).ToList();

        // 2,000 phrases: seconds of embedding, queued far faster than they are embedded.
        await Parallel.ForEachAsync(flood, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (interests, _) =>
            (await flooder.Post("/api/contacts", new ContactRequest { Name = "Many", Interests = interests, UseImplicitInterests = false })).EnsureSuccessStatusCode());
        await (await other.Post("/api/contacts", new ContactRequest { Name = "One", Interests = ["patient gardening"], UseImplicitInterests = false }))
            .Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();

        var order = app.Db(db => db.Database.SqlQueryRaw<string>("""SELECT "Phrase" AS "Value" FROM "InterestVectors" ORDER BY rowid""").ToList());
        Assert.Equal(2_001, order.Count);
        var after = order.Count - 1 - order.IndexOf("patient gardening");
        output.WriteLine($"the other account's phrase was stored {order.IndexOf("patient gardening") + 1}th of {order.Count}, before {after} of the flood's");
        // First come, first served put it behind the whole backlog (at most a batch of 256 after it); a fair turn
        // takes it in the next batch, with most of the flood still waiting.
        Assert.True(after >= 500, $"only {after} of the flood's phrases were embedded after the other account's one");
    }
}
