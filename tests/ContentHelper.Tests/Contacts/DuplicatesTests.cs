using System.Net;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

public sealed class DuplicatesTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    static async Task<ContactResponse> Create(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    static async Task<List<DuplicateGroup>> Duplicates(HttpClient client) =>
        [.. (await (await client.GetAsync("/api/contacts/duplicates")).Read<DuplicatesResponse>()).Groups];

    [Fact]
    public async Task DuplicatesAreFoundByTheImportRulesAndNearIdenticalNames()
    {
        var client = await app.SignUpAsync();
        var byUrl1 = await Create(client, new() { Name = "Ana Ruiz", LinkedInUrl = "https://www.linkedin.com/in/ana-ruiz" });
        var byUrl2 = await Create(client, new() { Name = "A. Ruiz", LinkedInUrl = "http://uk.linkedin.com/in/Ana-Ruiz/" });
        var byEmail1 = await Create(client, new() { Name = "Ben Carter", Email = "ben@example.com" });
        var byEmail2 = await Create(client, new() { Name = "Benjamin C.", Email = "BEN@example.com" });
        var byCompany1 = await Create(client, new() { Name = "Chen Wei", Company = "Contoso" });
        var byCompany2 = await Create(client, new() { Name = "chen  wei", Company = "Contoso Ltd." });
        var accent1 = await Create(client, new() { Name = "José García" });
        var accent2 = await Create(client, new() { Name = "Garcia, Jose" });
        var typo1 = await Create(client, new() { Name = "Margaret Thompson" });
        var typo2 = await Create(client, new() { Name = "Margaret Thomspon" });
        // Not duplicates: short different names, and namesakes with different LinkedIn profiles.
        await Create(client, new() { Name = "Bo Li" });
        await Create(client, new() { Name = "Jo Li" });
        await Create(client, new() { Name = "Sam Lee", LinkedInUrl = "https://www.linkedin.com/in/samlee1" });
        await Create(client, new() { Name = "Sam Lee", LinkedInUrl = "https://www.linkedin.com/in/samlee2" });

        var groups = await Duplicates(client);

        var pairs = groups.Select(g => (g.Contacts.Select(c => c.Id).ToHashSet(), g.Reasons)).ToList();
        void Expect(ContactResponse a, ContactResponse b, string reason) =>
            Assert.Contains(pairs, p => p.Item1.SetEquals([a.Id, b.Id]) && p.Reasons.Contains(reason));
        Expect(byUrl1, byUrl2, "linkedInUrl");
        Expect(byEmail1, byEmail2, "email");
        Expect(byCompany1, byCompany2, "nameAndCompany");
        Expect(accent1, accent2, "similarName");
        Expect(typo1, typo2, "similarName");
        Assert.Equal(5, groups.Count);
    }

    [Fact]
    public async Task ReimportedLinkedInLeavesNoDuplicates()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        await client.Import("linkedin/Connections-later.csv");
        await client.Import("linkedin/Connections.csv");
        Assert.Empty(await Duplicates(client));
    }

    [Fact]
    public async Task MergeCombinesEverythingAndMovesShareHistory()
    {
        var client = await app.SignUpAsync();
        var now = app.Clock.Now.UtcDateTime;
        var keep = await Create(client, new()
        {
            Name = "Ana Ruiz", Company = "Northwind", Email = "ana@northwind.example", Interests = ["remote hiring"], Tags = ["conference"],
            Notes = "Runs marathons.", Circle = Circle.Strategic, LastContactedAt = now.AddDays(-90),
        });
        var other = await Create(client, new()
        {
            Name = "Ana Ruiz", Headline = "Head of Talent", Email = "ana@gmail.example", Phone = "+34 600 000 000",
            Interests = ["employer branding", "Remote hiring"], Tags = ["friends"], Notes = "Two kids.", KeepInTouchDays = 20,
            LastContactedAt = now.AddDays(-10),
        });
        foreach (var (contact, key) in new[] { (keep, "share-keep-0001"), (other, "share-other-001") })
            await client.Post("/api/shares", new CreateShareRequest
            {
                ContactIds = [contact.Id], Url = $"https://example.com/{key}", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = key,
            });
        // One request that went to both records of this person: after the merge both shares stay.
        await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [keep.Id, other.Id], Url = "https://example.com/both", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = "share-both-0001",
        });

        var merged = await (await client.Post($"/api/contacts/{keep.Id}/merge", new MergeContactsRequest { OtherIds = [other.Id] })).Read<MergeContactsResponse>();

        Assert.Equal([other.Id], merged.MergedIds);
        Assert.Equal(2, merged.SharesMoved);
        var ana = merged.Contact;
        Assert.Equal(["remote hiring", "employer branding"], ana.Interests);
        Assert.Equal(["conference", "friends"], ana.Tags);
        Assert.Equal(("Northwind", "Head of Talent", "+34 600 000 000"), (ana.Company, ana.Headline, ana.Phone));
        Assert.Equal("ana@northwind.example", ana.Email);
        Assert.Equal("Runs marathons.\n\nTwo kids.\n\nMerged from Ana Ruiz: email ana@gmail.example.", ana.Notes);
        Assert.Equal(Circle.Strategic, ana.Circle);
        Assert.Equal(20, ana.KeepInTouchDays);
        Assert.Equal(app.Clock.Now.UtcDateTime, ana.LastContactedAt); // the shares just recorded

        await (await client.GetAsync($"/api/contacts/{other.Id}")).Problem(HttpStatusCode.NotFound);
        var history = await (await client.GetAsync($"/api/contacts/{keep.Id}/shares")).Read<PagedResponse<ShareResponse>>();
        Assert.Equal(4, history.Total);
        Assert.Equal(2, history.Items.Count(s => s.Url == "https://example.com/both"));
        Assert.Equal(0, (await (await client.GetAsync("/api/shares")).Read<PagedResponse<ShareResponse>>()).Items.Count(s => s.ContactId != keep.Id));
    }

    [Fact]
    public async Task MergeFoldsSeveralContactsAtOnce()
    {
        var client = await app.SignUpAsync();
        var a = await Create(client, new() { Name = "Dana Levi" });
        var b = await Create(client, new() { Name = "Dana Levy", Email = "dana@example.com" });
        var c = await Create(client, new() { Name = "D. Levi", Interests = ["football tactics"] });
        var merged = await (await client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [b.Id, c.Id, b.Id] })).Read<MergeContactsResponse>();
        Assert.Equal([b.Id, c.Id], merged.MergedIds);
        Assert.Equal("dana@example.com", merged.Contact.Email);
        Assert.Equal(["football tactics"], merged.Contact.Interests);
        Assert.Contains("Merged from Dana Levy.", merged.Contact.Notes);
        Assert.Single(await client.AllContacts());
    }

    [Fact]
    public async Task MergeIntoItselfOrWithoutOthersNamesTheField()
    {
        var client = await app.SignUpAsync();
        var a = await Create(client, new() { Name = "Solo" });
        await (await client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [a.Id] })).ValidationProblem("otherIds");
        await (await client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [] })).ValidationProblem("otherIds");
        await (await client.Post($"/api/contacts/{a.Id}/merge", new { })).ValidationProblem("otherIds");
    }

    [Fact]
    public async Task MergeThatWouldPassALimitIsRefusedAndChangesNothing()
    {
        var client = await app.SignUpAsync();
        var a = await Create(client, new() { Name = "Many", Tags = [.. Enumerable.Range(0, 30).Select(i => $"a{i}")] });
        var b = await Create(client, new() { Name = "Many", Tags = [.. Enumerable.Range(0, 30).Select(i => $"b{i}")] });
        await (await client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [b.Id] })).ValidationProblem("tags");
        Assert.Equal(2, (await client.AllContacts()).Count);
    }

    [Fact]
    public async Task MergingAnUnknownContactIs404AndChangesNothing()
    {
        var client = await app.SignUpAsync();
        var a = await Create(client, new() { Name = "Kept", Email = "kept@example.com" });
        var b = await Create(client, new() { Name = "Other", Phone = "+1 555 0100" });
        await (await client.Post($"/api/contacts/{Guid.NewGuid()}/merge", new MergeContactsRequest { OtherIds = [b.Id] })).Problem(HttpStatusCode.NotFound);
        await (await client.Post($"/api/contacts/{a.Id}/merge", new MergeContactsRequest { OtherIds = [b.Id, Guid.NewGuid()] })).Problem(HttpStatusCode.NotFound);
        Assert.Equal(2, (await client.AllContacts()).Count);
        Assert.Null((await client.Contact("Kept")).Phone);
    }
}
