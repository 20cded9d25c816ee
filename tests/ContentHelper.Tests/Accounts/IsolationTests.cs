using System.Net;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Accounts;

/// <summary>Every route, asked by one account about another account's data: 404 or absent, never the data.</summary>
[Trait("Storage", "Portable")]
public sealed class IsolationTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    async Task<(HttpClient Owner, HttpClient Intruder, ContactResponse Contact, ShareResponse Share)> TwoAccounts()
    {
        var owner = await app.SignUpAsync("Owner");
        var intruder = await app.SignUpAsync("Intruder");
        var contact = await (await owner.Post("/api/contacts", new ContactRequest { Name = "Private Person", Interests = ["secret topic"] }))
            .Read<ContactResponse>(HttpStatusCode.Created);
        var share = (await (await owner.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [contact.Id], Url = "https://example.com/private", Title = "Private title",
            Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = "owner-key-1",
        })).Read<CreateSharesResponse>(HttpStatusCode.Created)).Shares[0];
        return (owner, intruder, contact, share);
    }

    [Fact]
    public async Task AnotherAccountsContactIsNotFoundOnEveryContactRoute()
    {
        var (owner, intruder, contact, _) = await TwoAccounts();

        await (await intruder.GetAsync($"/api/contacts/{contact.Id}")).Problem(HttpStatusCode.NotFound);
        await (await intruder.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = "Hijacked" })).Problem(HttpStatusCode.NotFound);
        await (await intruder.DeleteAsync($"/api/contacts/{contact.Id}")).Problem(HttpStatusCode.NotFound);
        await (await intruder.GetAsync($"/api/contacts/{contact.Id}/shares")).Problem(HttpStatusCode.NotFound);

        var still = await (await owner.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>();
        Assert.Equal("Private Person", still.Name);
    }

    [Fact]
    public async Task AnotherAccountsContactsNeverAppearInLists()
    {
        var (_, intruder, _, _) = await TwoAccounts();
        foreach (var query in new[] { "", "?q=private", "?interest=secret%20topic", "?overdue=false" })
        {
            var list = await (await intruder.GetAsync("/api/contacts" + query)).Read<PagedResponse<ContactResponse>>();
            Assert.Equal(0, list.Total);
            Assert.Empty(list.Items);
        }
    }

    [Fact]
    public async Task AnotherAccountsSharesAreNotFoundOrListed()
    {
        var (owner, intruder, contact, share) = await TwoAccounts();

        await (await intruder.GetAsync($"/api/shares/{share.Id}")).Problem(HttpStatusCode.NotFound);
        await (await intruder.DeleteAsync($"/api/shares/{share.Id}")).Problem(HttpStatusCode.NotFound);
        var list = await (await intruder.GetAsync($"/api/shares?contactId={contact.Id}")).Read<PagedResponse<ShareResponse>>();
        Assert.Equal(0, list.Total);
        Assert.Equal(0, (await (await intruder.GetAsync("/api/shares")).Read<PagedResponse<ShareResponse>>()).Total);

        var csv = await (await intruder.GetAsync("/api/shares/export?format=csv")).Content.ReadAsStringAsync();
        var markdown = await (await intruder.GetAsync("/api/shares/export?format=markdown")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Private", csv);
        Assert.DoesNotContain("Private", markdown);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/shares/{share.Id}")).StatusCode);
    }

    [Fact]
    public async Task AShareCannotBeRecordedForAnotherAccountsContact()
    {
        var (owner, intruder, contact, _) = await TwoAccounts();
        var before = (await (await owner.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>()).LastContactedAt;
        app.Clock.Advance(TimeSpan.FromDays(1));

        var response = await intruder.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [contact.Id], Url = "https://example.com/x", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = "intruder-key",
        });
        await response.Problem(HttpStatusCode.NotFound);
        Assert.Equal(before, (await (await owner.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>()).LastContactedAt);
    }

    [Fact]
    public async Task ReusingAnotherAccountsIdempotencyKeyReplaysNothingOfTheirs()
    {
        var (_, intruder, _, share) = await TwoAccounts();
        var mine = await (await intruder.Post("/api/contacts", new ContactRequest { Name = "Mine" })).Read<ContactResponse>(HttpStatusCode.Created);
        var result = await (await intruder.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [mine.Id], Url = "https://example.com/mine", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = "owner-key-1",
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);
        Assert.DoesNotContain(result.Shares, s => s.Id == share.Id);
    }
}
