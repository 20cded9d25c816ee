using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Tests.Contacts;

/// <summary>
/// One date rule (1900–2100) for the API and for imports: a date outside it is a row error with its line, never a
/// 500; and a far date already stored (saved before the rule) neither stops a start nor fails an edit, because
/// due dates saturate instead of overflowing.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class FarDatesTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    public void Dispose() => folder.Dispose();

    const string Header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    // Lines 2–6: the last day .NET can hold, a date whose cadence overflows later, year 1, year 1800, and a good one.
    const string Rows =
        "Max,Date,https://www.linkedin.com/in/max-date,,Acme,Engineer,31 Dec 9999\n" +
        "June,Far,https://www.linkedin.com/in/june-far,,Acme,Engineer,01 Jun 9999\n" +
        "Year,One,https://www.linkedin.com/in/year-one,,Acme,Engineer,1 Jan 0001\n" +
        "Old,Timer,https://www.linkedin.com/in/old-timer,,Acme,Engineer,1 Jan 1800\n" +
        "Good,Date,https://www.linkedin.com/in/good-date,,Acme,Engineer,12 Mar 2024\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectedOnDatesOutside1900To2100AreRowErrorsAndTheOtherRowsImport(bool dryRun)
    {
        using var app = new ContentHelperApp();
        var client = await app.SignUpAsync();

        var response = await client.Upload(System.Text.Encoding.UTF8.GetBytes(Header + Rows), dryRun: dryRun);

        var result = await response.Read<ImportResponse>(dryRun ? HttpStatusCode.OK : HttpStatusCode.Created);
        Assert.Equal(new ImportCounts(Created: 1, Updated: 0, Unchanged: 0, Errors: 4), result.Counts);
        foreach (var (line, shown) in new[] { (2, "31 Dec 9999"), (3, "1 Jun 9999"), (4, "1 Jan 0001"), (5, "1 Jan 1800") })
        {
            var row = result.Row(line);
            Assert.Equal(ImportAction.Error, row.Action);
            Assert.Contains(shown, row.Error);
            Assert.Contains("between 1900 and 2100", row.Error);
        }
        Assert.Equal(ImportAction.Create, result.Row(6).Action);
        Assert.Equal(dryRun ? [] : ["Good Date"], (await client.AllContacts()).Select(c => c.Name));
    }

    [Fact]
    public async Task TheImportAndTheApiRefuseTheSameBoundaries()
    {
        using var app = new ContentHelperApp();
        var client = await app.SignUpAsync();
        var result = await client.ImportText(Header +
            "Last,Day,https://www.linkedin.com/in/last-day,,Acme,Engineer,31 Dec 2099\n" +
            "First,Day,https://www.linkedin.com/in/first-day,,Acme,Engineer,1 Jan 1900\n" +
            "Too,Late,https://www.linkedin.com/in/too-late,,Acme,Engineer,1 Jan 2100\n" +
            "Too,Early,https://www.linkedin.com/in/too-early,,Acme,Engineer,31 Dec 1899\n");

        Assert.Equal([ImportAction.Create, ImportAction.Create, ImportAction.Error, ImportAction.Error], result.Rows.Select(r => r.Action));
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Late", LastContactedAt = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc) }))
            .ValidationProblem("lastContactedAt");
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Early", LastContactedAt = new DateTime(1899, 12, 31, 0, 0, 0, DateTimeKind.Utc) }))
            .ValidationProblem("lastContactedAt");
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Last day", LastContactedAt = new DateTime(2099, 12, 31, 0, 0, 0, DateTimeKind.Utc) }))
            .Read<ContactResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AFarDateStoredBeforeTheRuleNeitherStopsAStartNorFailsAnEdit()
    {
        string token;
        Guid id;
        using (var first = new ContentHelperApp(databaseFile: folder.DatabaseFile).KeepDatabase())
        {
            var (client, account) = await first.SignUpWithAccountAsync();
            token = account.Token;
            id = (await (await client.Post("/api/contacts", new ContactRequest { Name = "June Far" })).Read<ContactResponse>(HttpStatusCode.Created)).Id;
            // What an import before the rule stored for "01 Jun 9999"; under the default cadence (180 days) it still fitted.
            first.Db(db => db.Contacts.Where(c => c.Id == id).ExecuteUpdate(s => s.SetProperty(c => c.ConnectedOn, new DateOnly(9999, 6, 1))));
        }

        // A year's cadence from 1 Jun 9999 is past the last day .NET can hold: the start recomputes every due date.
        using var second = new ContentHelperApp(new() { ["Contacts:NoCircleCadenceDays"] = "365" }, databaseFile: folder.DatabaseFile);
        var again = second.Authorized(token);

        var read = await (await again.GetAsync($"/api/contacts/{id}")).Read<ContactResponse>();
        Assert.Equal(DateTime.MaxValue, read.NextContactDue);
        Assert.False(read.Overdue);
        var edited = await (await again.Put($"/api/contacts/{id}", new ContactRequest { Name = "June Far", KeepInTouchDays = 3650 })).Read<ContactResponse>();
        Assert.Equal(DateTime.MaxValue, edited.NextContactDue);
        Assert.Equal(3650, edited.KeepInTouchDays);
    }
}
