using System.Net;
using System.Text;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Contacts;

/// <summary>Requests that race on one account: never a 500, never a duplicate, whichever instance serves them.</summary>
[Trait("Storage", "Portable")]
public sealed class ConcurrencyTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    string DatabaseFile => folder.DatabaseFile;

    public void Dispose() => folder.Dispose();

    /// <summary>200 rows: a third matched by LinkedIn URL, a third by email only, a third by name only.</summary>
    static byte[] Connections()
    {
        var csv = new StringBuilder("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for (var i = 0; i < 200; i++)
        {
            var (url, email) = (i % 3) switch
            {
                0 => ($"https://www.linkedin.com/in/person-{i}", ""),
                1 => ("", $"person{i}@example.com"),
                _ => ("", ""),
            };
            csv.Append($"Person,Number{i},{url},{email},,Engineer,1 Feb 2024\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public async Task ParallelImportsOfOneFileOnTwoInstancesCreateEachContactOnce()
    {
        // No concurrency limit in front of the route: what keeps the imports apart must be the database itself.
        var unlimited = new Dictionary<string, string?> { ["Limits:ExpensiveConcurrency"] = "8" };
        using var first = new ContentHelperApp(unlimited, databaseFile: DatabaseFile).KeepDatabase();
        var (client, account) = await first.SignUpWithAccountAsync();
        using var second = new ContentHelperApp(unlimited, databaseFile: DatabaseFile);
        HttpClient[] clients = [client, second.Authorized(account.Token)];

        var file = Connections();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % 2].Upload(file)));
        // One import created them all (201); every other one found each row already there (200, nothing recorded).
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var results = new List<ImportResponse>();
        foreach (var response in responses)
            results.Add(await response.Read<ImportResponse>(response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK));

        Assert.Equal(200, (await (await client.GetAsync("/api/contacts?pageSize=1")).Read<PagedResponse<ContactResponse>>()).Total);
        Assert.Equal(200, results.Sum(r => r.Counts.Created));
        Assert.Equal(7 * 200, results.Sum(r => r.Counts.Unchanged));
    }

    [Fact]
    public async Task RacingEditsDeletesAndSharesOfOneContactAnswer409NotA500()
    {
        using var app = new ContentHelperApp(databaseFile: DatabaseFile);
        var client = await app.SignUpAsync();
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 15; round++)
        {
            var contact = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Raced {round}" })).Read<ContactResponse>(HttpStatusCode.Created);
            var responses = await Task.WhenAll(
                client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = $"Edited {round}", Interests = ["a"] }),
                client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = $"Edited again {round}" }),
                client.Post("/api/shares", new CreateShareRequest
                {
                    ContactIds = [contact.Id], Url = "https://example.com/a", Action = ShareAction.Send, Channel = Channel.Email,
                    IdempotencyKey = $"race-key-{round:D4}",
                }),
                client.DeleteAsync($"/api/contacts/{contact.Id}"));
            statuses.AddRange(responses.Select(r => r.StatusCode));
            foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
                Assert.Contains(contact.Id.ToString(), (await conflict.Problem(HttpStatusCode.Conflict)).Detail);
        }
        Assert.False(statuses.Contains(HttpStatusCode.InternalServerError), string.Join("\n", app.Logs.Where(l => l.StartsWith("Error")).Select(l => l[..Math.Min(l.Length, 1500)])));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task RacingMergesOfTwoContactsIntoEachOtherLeaveOneAndAnswer409()
    {
        using var app = new ContentHelperApp(databaseFile: DatabaseFile);
        var client = await app.SignUpAsync();
        for (var round = 0; round < 10; round++)
        {
            var a = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Ana {round}", Interests = ["x"] })).Read<ContactResponse>(HttpStatusCode.Created);
            var b = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Ana {round}", Interests = ["y"] })).Read<ContactResponse>(HttpStatusCode.Created);
            var responses = await Task.WhenAll(
                client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [b.Id] }),
                client.Post($"/api/contacts/{b.Id}/merge", new MergeContactsRequest { OtherIds = [a.Id] }));
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Contains(HttpStatusCode.OK, statuses);
            Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound }));
            Assert.Single(await client.AllContacts(), c => c.Name == $"Ana {round}");
        }
    }

    [Fact]
    public async Task APutWithAnOutdatedVersionIs409NamingTheContact()
    {
        using var app = new ContentHelperApp();
        var client = await app.SignUpAsync();
        var read = await (await client.Post("/api/contacts", new ContactRequest { Name = "Versioned" })).Read<ContactResponse>(HttpStatusCode.Created);

        var edited = await (await client.Put($"/api/contacts/{read.Id}", new ContactRequest { Name = "First edit", Version = read.Version })).Read<ContactResponse>();
        Assert.NotEqual(read.Version, edited.Version);
        // A second tab still holds the version it read before the first edit.
        var stale = await (await client.Put($"/api/contacts/{read.Id}", new ContactRequest { Name = "Lost edit", Version = read.Version })).Problem(HttpStatusCode.Conflict);
        Assert.Contains(read.Id.ToString(), stale.Detail);
        Assert.Equal("First edit", (await (await client.GetAsync($"/api/contacts/{read.Id}")).Read<ContactResponse>()).Name);
        // Without a version the edit simply wins, as before.
        await (await client.Put($"/api/contacts/{read.Id}", new ContactRequest { Name = "Unversioned" })).Read<ContactResponse>();
    }

    /// <summary>
    /// Two instances on one database, the first one's clock a minute behind the second's; Dana (written on the
    /// second) and Ben (on the first) like the premier league, and the second has built and cached their account's
    /// interest index for an article on carbon capture, which fits neither.
    /// </summary>
    static async Task<(HttpClient OnBehind, ContactResponse Ben, Func<Task<List<string>>> Suggested)> TwoClocksAsync(ContentHelperApp behind, ContentHelperApp ahead)
    {
        var (client, account) = await behind.SignUpWithAccountAsync();
        ahead.Clock.Now = behind.Clock.Now.AddMinutes(1);
        var onAhead = ahead.Authorized(account.Token);
        await (await onAhead.Post("/api/contacts", new ContactRequest { Name = "Dana", Interests = ["premier league"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["premier league"] })).Read<ContactResponse>(HttpStatusCode.Created);
        async Task<List<string>> Suggested() =>
            [.. (await (await onAhead.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>())
                .Suggestions.Select(s => s.Contact.Name)];
        Assert.Empty(await Suggested());
        return (client, ben, Suggested);
    }

    [Fact]
    public async Task AnInterestEditedOnAnInstanceWhoseClockIsBehindIsMatchedByTheOtherAtOnce()
    {
        using var behind = new ContentHelperApp(databaseFile: DatabaseFile).KeepDatabase();
        using var ahead = new ContentHelperApp(databaseFile: DatabaseFile);
        var (client, ben, suggested) = await TwoClocksAsync(behind, ahead);

        // Edited on the instance whose clock is behind: the newest change time in the table does not move.
        await (await client.Put($"/api/contacts/{ben.Id}", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>();
        Assert.Contains("Ben", await suggested());
    }

    [Fact]
    public async Task AContactReplacedOnAnInstanceWhoseClockIsBehindIsMatchedByTheOtherAtOnce()
    {
        using var behind = new ContentHelperApp(databaseFile: DatabaseFile).KeepDatabase();
        using var ahead = new ContentHelperApp(databaseFile: DatabaseFile);
        var (client, ben, suggested) = await TwoClocksAsync(behind, ahead);

        // One contact gone and another come, both on the instance whose clock is behind: the count and the newest
        // change time in the table are what they were, and neither contact was ever edited.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{ben.Id}")).StatusCode);
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Cleo", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        Assert.Equal(["Cleo"], await suggested());
    }
}
