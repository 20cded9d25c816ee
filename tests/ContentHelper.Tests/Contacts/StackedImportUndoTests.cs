using System.Net;
using System.Text.Json;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>
/// Imports stacked on the same contacts undo newest first: an older import that a later one changed on top of is
/// refused with a 409 naming the later one, so no order of undos leaves an older import's values behind.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class StackedImportUndoTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    const string Header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    async Task<(HttpClient Client, ContactResponse Chen)> ChenTypedInByHand()
    {
        var client = await app.SignUpAsync();
        var chen = await (await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Chen Wei", Company = "Contoso", Headline = "Engineer", LinkedInUrl = "https://www.linkedin.com/in/chenwei",
        })).Read<ContactResponse>(HttpStatusCode.Created);
        return (client, chen);
    }

    [Fact]
    public async Task UndoingAnImportThatALaterOneChangedOnTopOfIs409NamingTheLaterOne()
    {
        var (client, chen) = await ChenTypedInByHand();
        var older = await client.ImportText(Header +
            "Chen,Wei,https://www.linkedin.com/in/chenwei,,Fabrikam,Staff ML Engineer,03 Jan 2023\n" +
            "Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,Adatum,Climate Investor,20 Nov 2025\n");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await (await client.Upload(System.Text.Encoding.UTF8.GetBytes(Header +
            "Chen,Wei,https://www.linkedin.com/in/chenwei,,Litware,Head of Machine Learning,03 Jan 2023\n" +
            "Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,Northwind,Partner,20 Nov 2025\n"), "Connections-march.csv"))
            .Read<ImportResponse>(HttpStatusCode.Created);
        var before = await client.AllContacts();

        var refused = await (await client.DeleteAsync($"/api/imports/{older.ImportId}")).Problem(HttpStatusCode.Conflict);

        Assert.Contains(later.ImportId.ToString()!, refused.Detail);
        Assert.Contains("Connections-march.csv", refused.Detail);
        var laterImports = Assert.IsType<JsonElement>(refused.Extensions["laterImports"]);
        Assert.Equal([later.ImportId!.Value], laterImports.EnumerateArray().Select(e => e.GetGuid()));
        Assert.Null((await (await client.GetAsync($"/api/imports/{older.ImportId}")).Read<ImportSummaryResponse>()).UndoneAt);
        Assert.Equal(Fields(before), Fields(await client.AllContacts()));
    }

    [Fact]
    public async Task StackedImportsUndoneNewestFirstRestoreEveryFieldAsItWas()
    {
        var (client, chen) = await ChenTypedInByHand();
        var imports = new List<Guid>();
        foreach (var (company, headline) in new[] { ("Fabrikam", "Staff ML Engineer"), ("Litware", "Head of Machine Learning"), ("Adatum", "CTO") })
        {
            imports.Add((await client.ImportText(Header +
                $"Chen,Wei,https://www.linkedin.com/in/chenwei,chen@example.com,{company},{headline},03 Jan 2023\n" +
                $"Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,{company},{headline},20 Nov 2025\n")).ImportId!.Value);
            app.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        // The oldest first is refused, whichever later import is still in place; newest first goes through.
        await (await client.DeleteAsync($"/api/imports/{imports[0]}")).Problem(HttpStatusCode.Conflict);
        await (await client.DeleteAsync($"/api/imports/{imports[1]}")).Problem(HttpStatusCode.Conflict);
        foreach (var id in Enumerable.Reverse(imports))
            await (await client.DeleteAsync($"/api/imports/{id}")).Read<UndoImportResponse>();

        var after = Assert.Single(await client.AllContacts());
        Assert.Equal(("Chen Wei", "Contoso", "Engineer", (string?)null, (DateOnly?)null), (after.Name, after.Company, after.Headline, after.Email, after.ConnectedOn));
        Assert.Equal(chen.Id, after.Id);
    }

    [Fact]
    public async Task AnOlderImportCanBeUndoneFirstWhenNoLaterOneChangedTheSameFields()
    {
        var (client, chen) = await ChenTypedInByHand();
        // The older import fills Chen's email and creates Ana; the later one changes only Chen's headline, and creates Ivan.
        var older = await client.ImportText(Header +
            "Chen,Wei,https://www.linkedin.com/in/chenwei,chen@example.com,Contoso,Engineer,\n" +
            "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Northwind,Recruiter,12 Mar 2024\n");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await client.ImportText(Header +
            "Chen,Wei,https://www.linkedin.com/in/chenwei,,Contoso,Principal Engineer,\n" +
            "Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,Adatum,Climate Investor,20 Nov 2025\n");

        var undo = await (await client.DeleteAsync($"/api/imports/{older.ImportId}")).Read<UndoImportResponse>();

        Assert.Equal(1, undo.ContactsRemoved);
        Assert.Empty(undo.Kept);
        var contacts = await client.AllContacts();
        Assert.Equal(["Chen Wei", "Ivan Petrov"], contacts.Select(c => c.Name));
        Assert.Equal((null, "Principal Engineer"), (contacts[0].Email, contacts[0].Headline));
    }

    static List<string> Fields(IEnumerable<ContactResponse> contacts) =>
        [.. contacts.Select(c => $"{c.Name}|{c.Company}|{c.Headline}|{c.Email}|{c.ConnectedOn}|{string.Join(',', c.SuggestedInterests)}")];
}
