using System.Net;
using System.Net.Http.Headers;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// Two real instances of the built service (two processes, two loopback ports) over one database, as behind a load
/// balancer: PostgreSQL when the suite has one, else one SQLite file. Whatever each caches in process must never
/// be the truth, and no race between them may lose or double a write.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    readonly SharedDatabase database = new();
    ApiProcess first = null!, second = null!;

    public async Task InitializeAsync()
    {
        // Both start at once on a database neither has created yet: the migrations race as well.
        first = new ApiProcess(database.Folder, database.Environment());
        second = new ApiProcess(database.Folder, database.Environment());
        var healthy = await Task.WhenAll(first.HealthyWithinAsync(TimeSpan.FromSeconds(60)), second.HealthyWithinAsync(TimeSpan.FromSeconds(60)));
        Assert.True(healthy[0], "The first instance did not start:\n" + first.Output);
        Assert.True(healthy[1], "The second instance did not start:\n" + second.Output);
    }

    public Task DisposeAsync()
    {
        first?.Dispose();
        second?.Dispose();
        database.Dispose();
        return Task.CompletedTask;
    }

    static HttpClient Client(ApiProcess instance, string? token = null)
    {
        var client = new HttpClient { BaseAddress = instance.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task<(HttpClient A, HttpClient B, string Token)> SignUp()
    {
        var account = await (await Client(first).Post("/api/accounts", new CreateAccountRequest { Name = "Ana" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        return (Client(first, account.Token), Client(second, account.Token), account.Token);
    }

    [Fact]
    public async Task RacingRetriesOfOneShareAcrossBothInstancesRecordOneShare()
    {
        var (a, b, _) = await SignUp();
        var contact = await (await a.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var share = new CreateShareRequest
        {
            ContactIds = [contact.Id], Url = Pages.CarbonUrl, Title = "Longship", Action = ShareAction.Send, Channel = Channel.Email,
            Message = "Ben, this one is for you.", IdempotencyKey = "retry-" + Guid.NewGuid().ToString("N"),
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => (i % 2 == 0 ? a : b).Post("/api/shares", share)));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            ids.UnionWith((await response.Read<CreateSharesResponse>(response.StatusCode)).Shares.Select(s => s.Id));
        }
        Assert.Single(ids);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var instance in new[] { a, b })
            Assert.Equal(1, (await (await instance.GetAsync("/api/shares")).Read<PagedResponse<ShareResponse>>()).Total);
    }

    [Fact]
    public async Task ConcurrentEditsOfOneContactOnBothInstancesLoseNoWrite()
    {
        var (a, b, _) = await SignUp();
        var contact = await (await a.Post("/api/contacts", new ContactRequest { Name = "Cleo", Tags = ["start"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var url = $"/api/contacts/{contact.Id}";

        // A write based on a stale read is refused on the other instance, naming the contact.
        var stale = await (await b.GetAsync(url)).Read<ContactResponse>();
        await (await a.Put(url, Edit(stale, tags: [.. stale.Tags, "from-a"]))).Read<ContactResponse>();
        var refused = await (await b.Put(url, Edit(stale, tags: [.. stale.Tags, "from-b"]))).Problem(HttpStatusCode.Conflict);
        Assert.Contains(contact.Id.ToString(), refused.Detail);

        // Eight writers, each adding its own tag through either instance, re-reading after a 409: every tag arrives.
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            var client = writer % 2 == 0 ? a : b;
            for (var attempt = 0; attempt < 40; attempt++)
            {
                var current = await (await client.GetAsync(url)).Read<ContactResponse>();
                var response = await client.Put(url, Edit(current, tags: [.. current.Tags, $"writer-{writer}"]));
                if (response.StatusCode == HttpStatusCode.OK) return;
                await response.Problem(HttpStatusCode.Conflict);
                Interlocked.Increment(ref conflicts);
            }
            Assert.Fail($"writer {writer} never got its edit in");
        }));
        var final = await (await b.GetAsync(url)).Read<ContactResponse>();
        Assert.True(final.Tags.Order(StringComparer.Ordinal).SequenceEqual(["from-a", "start", .. Enumerable.Range(0, 8).Select(w => $"writer-{w}")]),
            $"tags after {conflicts} conflicts: {string.Join(", ", final.Tags)}");
        Assert.Equal(final.Version, (await (await a.GetAsync(url)).Read<ContactResponse>()).Version);
    }

    [Fact]
    public async Task AContactWrittenOnOneInstanceIsMatchedByTheOtherAtOnce()
    {
        var (a, b, _) = await SignUp();
        var dana = await (await a.Post("/api/contacts", new ContactRequest { Name = "Dana", Interests = ["premier league"] })).Read<ContactResponse>(HttpStatusCode.Created);
        async Task<List<string>> SuggestedOnB() =>
            [.. (await (await b.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>())
                .Suggestions.Select(s => s.Contact.Name)];
        Assert.DoesNotContain("Ben", await SuggestedOnB()); // B has built and cached this account's interest index

        var ben = await (await a.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        Assert.Contains("Ben", await SuggestedOnB());

        ben = await (await a.Put($"/api/contacts/{ben.Id}", Edit(ben, interests: ["premier league"]))).Read<ContactResponse>();
        Assert.DoesNotContain("Ben", await SuggestedOnB());

        // B knows its own writes, not A's: an edit on each, and B's index has both.
        await (await b.Put($"/api/contacts/{dana.Id}", Edit(dana, interests: ["carbon capture"]))).Read<ContactResponse>();
        await (await a.Put($"/api/contacts/{ben.Id}", Edit(ben, interests: ["carbon capture"]))).Read<ContactResponse>();
        Assert.Equal(["Ben", "Dana"], (await SuggestedOnB()).Order());
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/contacts/{dana.Id}")).StatusCode);
        Assert.Equal(["Ben"], await SuggestedOnB());
    }

    [Fact]
    public async Task ATokenRevokedOnOneInstanceIsRefusedByTheOtherAtOnce()
    {
        var (a, _, _) = await SignUp();
        var laptop = await (await a.Post("/api/tokens", new CreateTokenRequest { Name = "laptop" })).Read<CreateTokenResponse>(HttpStatusCode.Created);
        var phone = await (await a.Post("/api/tokens", new CreateTokenRequest { Name = "phone" })).Read<CreateTokenResponse>(HttpStatusCode.Created);
        var laptopOnB = Client(second, laptop.Token);
        Assert.Equal(HttpStatusCode.OK, (await laptopOnB.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/tokens/{laptop.Id}")).StatusCode);
        await (await laptopOnB.GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);

        // Signing out on B ends the token on A too.
        var phoneOnA = Client(first, phone.Token);
        Assert.Equal(HttpStatusCode.OK, (await phoneOnA.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(second, phone.Token).DeleteAsync("/api/tokens/current")).StatusCode);
        await (await phoneOnA.GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);
    }

    static ContactRequest Edit(ContactResponse contact, IReadOnlyList<string>? tags = null, IReadOnlyList<string>? interests = null) => new()
    {
        Name = contact.Name, Interests = [.. interests ?? contact.Interests], Tags = [.. tags ?? contact.Tags], Version = contact.Version,
    };
}
