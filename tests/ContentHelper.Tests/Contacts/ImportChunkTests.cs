using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Contacts;

/// <summary>
/// An import saves its contacts a chunk at a time (Import:SaveChunk) inside one transaction: it must write exactly what
/// one save of the whole file would, and a failure in a later chunk must leave nothing of the earlier ones.
/// </summary>
[Trait("Storage", "Portable")]
public sealed partial class ImportChunkTests
{
    const string Header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    // Against what the account holds (Chen and Dana typed in, Ivan from an earlier import), in chunks of 3 contacts:
    // Mia is created in the first chunk and completed by line 7; Chen is changed by lines 3 and 8 (in the first chunk, as
    // touched first); Ivan and Dana change in the second; line 6 has no name; Zed is in the fourth.
    const string File = Header +
        "Mia,Wong,https://www.linkedin.com/in/miawong,,Tailspin,Data Engineer,2 Feb 2022\n" +
        "Chen,Wei,https://www.linkedin.com/in/chenwei,,Fabrikam,Staff ML Engineer,03 Jan 2023\n" +
        "Olu,Ade,https://www.linkedin.com/in/oluade,,Adatum,Climate Investor,5 May 2021\n" +
        "Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,Northwind,Partner,20 Nov 2025\n" +
        ",,https://www.linkedin.com/in/private-member,,,,5 May 2020\n" +
        "Mia,Wong,https://www.linkedin.com/in/miawong,mia@example.com,Tailspin,Head of Data,2 Feb 2022\n" +
        "Chen,Wei,https://www.linkedin.com/in/chenwei,chen@example.com,Fabrikam,Staff ML Engineer,03 Jan 2023\n" +
        "Dana,Scully,,dana@example.com,Litware,Security Analyst,1 Apr 2024\n" +
        "Ravi,Shah,https://www.linkedin.com/in/ravishah,,Contoso,Recruiter,9 Sep 2019\n" +
        "Lea,Roth,https://www.linkedin.com/in/learoth,,Contoso,Product Designer,1 Jan 2020\n" +
        "Sol,Diaz,https://www.linkedin.com/in/soldiaz,,Litware,Founder,1 Jan 2018\n" +
        "Zed,Fail,https://www.linkedin.com/in/zedfail,,Litware,Editor,1 Jan 2017\n";

    static ContentHelperApp App(int saveChunk, string? failOn = null) =>
        new(new() { ["Import:SaveChunk"] = saveChunk.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            TestServices = services => { if (failOn is not null) services.AddSingleton<IInterceptor>(new FailingSave(failOn)); },
        };

    /// <summary>Chen and Dana typed in by hand, Ivan from an earlier import; the clock then moves on.</summary>
    static async Task<HttpClient> AccountAsync(ContentHelperApp app)
    {
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Chen Wei", Company = "Contoso", Headline = "Engineer", LinkedInUrl = "https://www.linkedin.com/in/chenwei",
        })).Read<ContactResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Dana Scully", Email = "dana@example.com" })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.ImportText(Header + "Ivan,Petrov,https://www.linkedin.com/in/ivanpetrov,,Adatum,Climate Investor,20 Nov 2025\n");
        app.Clock.Advance(TimeSpan.FromDays(3));
        return client;
    }

    [Fact]
    public async Task AnImportSavedInChunksWritesWhatOneSaveWrites()
    {
        using var chunked = App(saveChunk: 3);
        using var whole = App(saveChunk: 1_000);
        var results = new List<(string Answer, string Contacts, string Imports, string Undo, string AfterUndo)>();
        foreach (var app in new[] { chunked, whole })
        {
            var client = await AccountAsync(app);
            var before = Fields(await client.AllContacts());
            var answer = await client.ImportText(File);
            var contacts = Normalized(await client.AllContacts());
            var imports = Normalized(await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>());
            var undo = await (await client.DeleteAsync($"/api/imports/{answer.ImportId}")).Read<UndoImportResponse>();
            var afterUndo = Normalized(await client.AllContacts());
            // Undo takes the account back to what it was before the file, chunk boundaries or not.
            Assert.Equal(before, Fields(await client.AllContacts()));
            results.Add((Normalized(answer), contacts, imports, Normalized(undo), afterUndo));

            // Updates count rows: Chen twice, Mia once after her creation, Ivan and Dana.
            Assert.Equal(new ImportCounts(Created: 6, Updated: 5, Unchanged: 0, Errors: 1), answer.Counts);
            Assert.Equal(ImportAction.Error, answer.Row(6).Action);
            Assert.Contains(answer.Row(7).Warnings, w => w.Contains("line 2"));
            Assert.Equal((6, 0), (undo.ContactsRemoved, undo.Kept.Count));
        }
        Assert.Equal(results[1], results[0]);
    }

    [Fact]
    public async Task AFailureInALaterChunkLeavesNothingOfTheImport()
    {
        using var app = App(saveChunk: 3, failOn: "Zed Fail");
        var client = await AccountAsync(app);
        var contacts = await client.AllContacts();
        var imports = await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>();

        var failed = await client.Upload(Encoding.UTF8.GetBytes(File));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        // Every contact as it was, to the version: the three chunks saved before the failure went with it.
        Assert.Equal(Serialized(contacts), Serialized(await client.AllContacts()));
        Assert.Equal(Serialized(imports), Serialized(await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>()));
        // And the account's import lock went with the transaction.
        var next = await client.ImportText(File.Replace("Zed,Fail", "Zed,Fine"));
        Assert.Equal(6, next.Counts.Created);
    }

    /// <summary>Fails a save that adds a contact of this name, as a database error part-way through a file would.</summary>
    sealed class FailingSave(string name) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<Contact>().Any(e => e.State == EntityState.Added && e.Entity.Name == name)
                ? throw new InvalidOperationException($"The save of {name} failed.")
                : ValueTask.FromResult(result);
    }

    static List<string> Fields(IEnumerable<ContactResponse> contacts) =>
        [.. contacts.Select(c => $"{c.Name}|{c.Company}|{c.Headline}|{c.Email}|{c.ConnectedOn}|{string.Join(',', c.SuggestedInterests)}|{c.NextContactDue:u}")];

    static string Serialized<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Json.Options);

    // Ids and versions are random per app; everything else (dates come from the test clock) must be the same.
    static string Normalized<T>(T value) => Versions().Replace(Ids().Replace(Serialized(value), "id"), "\"version\":0");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Ids();

    [GeneratedRegex("\"version\":-?[0-9]+")]
    private static partial Regex Versions();
}
