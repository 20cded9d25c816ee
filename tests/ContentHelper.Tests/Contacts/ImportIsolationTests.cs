using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>Import, undo, duplicates, merge and suggestions, asked by one account about another's data: 404 or absent.</summary>
public sealed class ImportIsolationTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task AnotherAccountsImportCannotBeReadOrUndone()
    {
        var owner = await app.SignUpAsync("Owner");
        var intruder = await app.SignUpAsync("Intruder");
        var import = await owner.Import("linkedin/Connections.csv");

        await (await intruder.GetAsync($"/api/imports/{import.ImportId}")).Problem(HttpStatusCode.NotFound);
        await (await intruder.DeleteAsync($"/api/imports/{import.ImportId}")).Problem(HttpStatusCode.NotFound);
        Assert.Empty(await (await intruder.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>());
        Assert.Equal(5, (await owner.AllContacts()).Count);
        Assert.Null((await (await owner.GetAsync($"/api/imports/{import.ImportId}")).Read<ImportSummaryResponse>()).UndoneAt);
    }

    [Fact]
    public async Task ImportsNeverMatchAnotherAccountsContacts()
    {
        var owner = await app.SignUpAsync("Owner");
        var intruder = await app.SignUpAsync("Intruder");
        await owner.Import("linkedin/Connections.csv");

        var theirs = await intruder.Import("linkedin/Connections.csv");
        Assert.Equal(5, theirs.Counts.Created);
        Assert.DoesNotContain(theirs.Rows, r => r.MatchedBy is not null);
        var ownerIds = (await owner.AllContacts()).Select(c => c.Id).ToHashSet();
        Assert.DoesNotContain(await intruder.AllContacts(), c => ownerIds.Contains(c.Id));
    }

    [Fact]
    public async Task AnotherAccountsContactsCannotBeMergedOrReviewed()
    {
        var owner = await app.SignUpAsync("Owner");
        var intruder = await app.SignUpAsync("Intruder");
        await owner.Import("linkedin/Connections.csv");
        var victim = await owner.Contact("Ana Ruiz");
        var mine = await (await intruder.Post("/api/contacts", new ContactRequest { Name = "Ana Ruiz" })).Read<ContactResponse>(HttpStatusCode.Created);

        // Pulling their contact into mine, and mine into theirs.
        await (await intruder.Post($"/api/contacts/{mine.Id}/merge", new MergeContactsRequest { OtherIds = [victim.Id] })).Problem(HttpStatusCode.NotFound);
        await (await intruder.Post($"/api/contacts/{victim.Id}/merge", new MergeContactsRequest { OtherIds = [mine.Id] })).Problem(HttpStatusCode.NotFound);
        await (await intruder.PostAsync($"/api/contacts/{victim.Id}/interests/accept", null)).Problem(HttpStatusCode.NotFound);
        await (await intruder.PostAsync($"/api/contacts/{victim.Id}/interests/dismiss", null)).Problem(HttpStatusCode.NotFound);

        Assert.Empty((await (await intruder.GetAsync("/api/contacts/duplicates")).Read<DuplicatesResponse>()).Groups);
        var still = await owner.Contact("Ana Ruiz");
        Assert.Equal(["recruiting", "hiring"], still.SuggestedInterests);
        Assert.Empty(still.Interests);
        Assert.Single(await intruder.AllContacts());
    }
}
