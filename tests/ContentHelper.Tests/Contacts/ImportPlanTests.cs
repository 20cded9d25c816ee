using System.Net;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>What an import does to the contacts already there: preview, matching, re-import, undo, suggested interests.</summary>
public sealed class ImportPlanTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task ADryRunPreviewsEveryRowAndWritesNothing()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var before = await client.AllContacts();

        var preview = await client.Import("linkedin/Connections-later.csv", dryRun: true);

        Assert.True(preview.DryRun);
        Assert.Null(preview.ImportId);
        Assert.Equal(new ImportCounts(Created: 1, Updated: 1, Unchanged: 3, Errors: 0), preview.Counts);
        var chen = preview.Row(7);
        Assert.Equal(ImportAction.Update, chen.Action);
        Assert.Equal("linkedInUrl", chen.MatchedBy);
        var company = Assert.Single(chen.Changes, c => c.Field == "company");
        Assert.Equal(("Contoso", "Fabrikam"), (company.Text(after: false), company.Text()));
        Assert.Contains(chen.Changes, c => c.Field == "headline" && c.Text() == "Head of Machine Learning");
        var ivan = preview.Row(9);
        Assert.Equal(ImportAction.Create, ivan.Action);
        Assert.Null(ivan.ContactId);
        Assert.Contains(ivan.Changes, c => c.Field == "company" && c.Text() == "Adatum" && c.Before is null);
        Assert.Equal(ImportAction.Unchanged, preview.Row(5).Action);

        var after = await client.AllContacts();
        Assert.Equal(before.Select(c => (c.Id, c.Headline, c.Company, c.UpdatedAt)), after.Select(c => (c.Id, c.Headline, c.Company, c.UpdatedAt)));
        Assert.Single(await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>());
    }

    [Fact]
    public async Task ADryRunReportsErrorsWithTheirLines()
    {
        var client = await app.SignUpAsync();
        var preview = await client.Import("linkedin/Connections.csv", dryRun: true);
        Assert.Equal([9, 10], preview.Rows.Where(r => r.Action == ImportAction.Error).Select(r => r.Line));
        Assert.All(preview.Rows.Where(r => r.Action == ImportAction.Error), r => Assert.False(string.IsNullOrEmpty(r.Error)));
    }

    [Fact]
    public async Task ReimportingLinkedInUpdatesInsteadOfDuplicating()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var first = await client.AllContacts();

        var again = await (await client.Upload(Imports.Fixture("linkedin/Connections.csv"), "Connections.csv")).Read<ImportResponse>(HttpStatusCode.OK);
        Assert.Equal(new ImportCounts(0, 0, 5, 2), again.Counts);
        Assert.Equal(first.Select(c => c.Id), (await client.AllContacts()).Select(c => c.Id));

        app.Clock.Advance(TimeSpan.FromDays(30));
        var later = await client.Import("linkedin/Connections-later.csv");
        Assert.Equal(new ImportCounts(1, 1, 3, 0), later.Counts);
        var contacts = await client.AllContacts();
        Assert.Equal(first.Count + 1, contacts.Count);
        var chen = Assert.Single(contacts, c => c.Name == "Chen Wei");
        Assert.Equal(("Fabrikam", "Head of Machine Learning"), (chen.Company, chen.Headline));
        Assert.Equal(first.Single(c => c.Name == "Chen Wei").Id, chen.Id);
        Assert.Equal(app.Clock.Now.UtcDateTime, chen.UpdatedAt);
    }

    [Fact]
    public async Task ReimportKeepsWhatTheUserAdded()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var chen = await client.Contact("Chen Wei");
        await client.Put($"/api/contacts/{chen.Id}", new ContactRequest
        {
            Name = chen.Name, Headline = chen.Headline, Company = chen.Company, Email = chen.Email, LinkedInUrl = chen.LinkedInUrl,
            Interests = ["distributed training"], Notes = "Met at NeurIPS.", Circle = Circle.Peer, KeepInTouchDays = 45,
            Tags = ["ml friends"], PreferredChannel = Channel.Email,
        });

        await client.Import("linkedin/Connections-later.csv");

        var after = await client.Contact("Chen Wei");
        Assert.Equal(["distributed training"], after.Interests);
        Assert.Equal("Met at NeurIPS.", after.Notes);
        Assert.Equal(Circle.Peer, after.Circle);
        Assert.Equal(45, after.KeepInTouchDays);
        Assert.Equal(["ml friends"], after.Tags);
        Assert.Equal(Channel.Email, after.PreferredChannel);
        Assert.Equal("Fabrikam", after.Company);
    }

    static ContactRequest Edit(ContactResponse c) => new()
    {
        Name = c.Name, Headline = c.Headline, Company = c.Company, Email = c.Email, Phone = c.Phone, LinkedInUrl = c.LinkedInUrl,
        XHandle = c.XHandle, Interests = [.. c.Interests], Circle = c.Circle, KeepInTouchDays = c.KeepInTouchDays,
        LastContactedAt = c.LastContactedAt, Notes = c.Notes, PreferredChannel = c.PreferredChannel, Tags = [.. c.Tags],
    };

    [Fact]
    public async Task AReimportKeepsAHeadlineTheUserTypedAfterTheImport()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var chen = await client.Contact("Chen Wei");
        await client.Put($"/api/contacts/{chen.Id}", Edit(chen) with { Headline = "Runs the ML platform team" });

        var later = await client.Import("linkedin/Connections-later.csv");

        var after = await client.Contact("Chen Wei");
        Assert.Equal("Runs the ML platform team", after.Headline);
        // The company was not edited: LinkedIn's current one still comes in.
        Assert.Equal("Fabrikam", after.Company);
        var row = Assert.Single(later.Rows, r => r.Name == "Chen Wei");
        Assert.DoesNotContain(row.Changes, c => c.Field == "headline");
        Assert.Contains(row.Warnings, w => w.Contains("Head of Machine Learning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReimportDoesNotPutBackWhatTheUserRemoved()
    {
        var client = await app.SignUpAsync();
        await client.Import("google/contacts.csv");
        var ana = await client.Contact("Ana Ruiz");
        Assert.NotNull(ana.Notes);
        Assert.NotEmpty(ana.Tags);
        await client.Put($"/api/contacts/{ana.Id}", Edit(ana) with { Notes = null, Tags = [], Email = null });

        var again = await (await client.Upload(Imports.Fixture("google/contacts.csv"), "contacts.csv")).Read<ImportResponse>(HttpStatusCode.OK);

        var after = await client.Contact("Ana Ruiz");
        Assert.Equal((null, 0, null), (after.Notes, after.Tags.Count, after.Email));
        Assert.Equal(ImportAction.Unchanged, Assert.Single(again.Rows, r => r.Name == "Ana Ruiz").Action);
    }

    [Fact]
    public async Task AnImportThatChangesNothingAddsNoEntryToRecentImports()
    {
        var client = await app.SignUpAsync();
        var first = await client.Import("linkedin/Connections.csv");

        var response = await client.Upload(Imports.Fixture("linkedin/Connections.csv"), "Connections.csv");
        var again = await response.Read<ImportResponse>(HttpStatusCode.OK);

        Assert.Null(again.ImportId);
        Assert.Equal(new ImportCounts(0, 0, 5, 2), again.Counts);
        var list = await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>();
        Assert.Equal([first.ImportId!.Value], list.Select(i => i.Id));
    }

    [Fact]
    public async Task AnAddressBookFillsButNeverOverwrites()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var result = await client.Import("google/contacts.csv");

        var ana = result.Row(2);
        Assert.Equal(ImportAction.Update, ana.Action);
        Assert.Equal("linkedInUrl", ana.MatchedBy);
        var contact = await client.Contact("Ana Ruiz");
        // LinkedIn's current title and company stay; what LinkedIn lacked is filled in.
        Assert.Equal(("Technical Recruiter", "Northwind, Inc."), (contact.Headline, contact.Company));
        Assert.Equal("ana.ruiz@northwind.example", contact.Email);
        Assert.Equal("+351 912 345 678", contact.Phone);
        Assert.Equal("https://www.linkedin.com/in/ana-ruiz-1a2b", contact.LinkedInUrl);
        Assert.Equal(["Work"], contact.Tags);
    }

    [Fact]
    public async Task LinkedInTwiceGoogleOnceAndAPhoneVCardGiveOneContactPerPerson()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        await client.Import("linkedin/Connections.csv");
        await client.Import("google/contacts.csv");
        var legacy = await client.Import("google/contacts-legacy-1252.csv");
        Assert.Equal("nameAndCompany", legacy.Row(2).MatchedBy); // "José García" at "Contoso Ltd" is LinkedIn's at "Contoso"
        var phone = await client.Import("vcard/phone-v3.vcf");

        Assert.Equal("email", phone.Row(1).MatchedBy);        // Ana, by the address Google brought
        Assert.Equal("email", phone.Row(10).MatchedBy);       // José, by the address the older Google export brought
        var contacts = await client.AllContacts();
        Assert.Equal(contacts.Count, contacts.Select(c => c.Name).Distinct().Count());
        Assert.Equal(
            ["After Broken", "Ana Ruiz", "Chen Wei", "Dana Levi", "Elena Müller", "Farid Haddad", "Hana Kim", "José García", "Kai Nakamura",
             "Mum", "Priya Natarajan-Krishnamurthy", "Zoë Ångström", "someone@example.com"],
            contacts.Select(c => c.Name).Order(StringComparer.Ordinal));

        var ana = contacts.Single(c => c.Name == "Ana Ruiz");
        Assert.Equal("Met at the Lisbon meetup.\nTwo kids, runs marathons.\n\nPrefers WhatsApp, never calls before 10.\nAsk about the half marathon; she trained for months.", ana.Notes);
        Assert.Equal(["Work", "Running Club"], ana.Tags);
        var jose = contacts.Single(c => c.Name == "José García");
        Assert.Equal(("jose@contoso.example", "+34 600 000 000"), (jose.Email, jose.Phone));
        Assert.Equal(["Colleagues"], jose.Tags);
        Assert.Equal(new DateOnly(2022, 2, 7), jose.ConnectedOn);

        // And every one of those imports can be taken back.
        var imports = await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>();
        Assert.Equal(4, imports.Count); // the second LinkedIn import changed nothing: nothing to list or undo
        foreach (var import in imports)
            Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/imports/{import.Id}")).StatusCode);
        Assert.Empty(await client.AllContacts());
    }

    [Fact]
    public async Task RowsOfOneFileThatAreOnePersonBecomeOneContact()
    {
        var client = await app.SignUpAsync();
        var result = await client.ImportText(
            "First Name,Last Name,Organization Name,Notes,Labels,E-mail 1 - Value\n" +
            "Ana,Ruiz,Northwind,First note,Friends,ana@example.com\n" +
            "Ana,Ruiz,,Second note,Running,ANA@example.com\n");
        Assert.Equal(ImportAction.Create, result.Row(2).Action);
        var second = result.Row(3);
        Assert.Equal(ImportAction.Update, second.Action);
        Assert.Equal("email", second.MatchedBy);
        Assert.Contains(second.Warnings, w => w.Contains("line 2"));
        var ana = Assert.Single(await client.AllContacts());
        Assert.Equal("First note\n\nSecond note", ana.Notes);
        Assert.Equal(["Friends", "Running"], ana.Tags);
    }

    [Fact]
    public async Task SameNameAtAnotherCompanyWithADifferentProfileIsAnotherPerson()
    {
        var client = await app.SignUpAsync();
        var result = await client.ImportText(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            "Sam,Lee,https://www.linkedin.com/in/samlee1,,Contoso,Engineer,1 Jan 2024\n" +
            "Sam,Lee,https://www.linkedin.com/in/samlee2,,Contoso,Designer,1 Jan 2024\n" +
            "Sam,Lee,https://www.linkedin.com/in/samlee3,,Fabrikam,Lawyer,1 Jan 2024\n");
        Assert.Equal(3, result.Counts.Created);
        Assert.Equal(3, (await client.AllContacts()).Count);
    }

    [Fact]
    public async Task UndoRemovesCreatedContactsAndRevertsChangedFields()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var before = await client.Contact("Chen Wei");
        var later = await client.Import("linkedin/Connections-later.csv");

        var undo = await (await client.DeleteAsync($"/api/imports/{later.ImportId}")).Read<UndoImportResponse>();

        Assert.Equal(1, undo.ContactsRemoved);           // Ivan
        Assert.True(undo.FieldsReverted >= 2);           // Chen's company and headline
        Assert.Empty(undo.Kept);
        Assert.DoesNotContain(await client.AllContacts(), c => c.Name == "Ivan Petrov");
        var chen = await client.Contact("Chen Wei");
        Assert.Equal((before.Company, before.Headline), (chen.Company, chen.Headline));
        Assert.Equal(before.SuggestedInterests, chen.SuggestedInterests);
        var status = await (await client.GetAsync($"/api/imports/{later.ImportId}")).Read<ImportSummaryResponse>();
        Assert.NotNull(status.UndoneAt);
    }

    [Fact]
    public async Task UndoKeepsWhatWasEditedSinceAndReportsIt()
    {
        var client = await app.SignUpAsync();
        var first = await client.Import("linkedin/Connections.csv");
        var hana = await client.Contact("Hana Kim");
        await client.Put($"/api/contacts/{hana.Id}", new ContactRequest { Name = hana.Name, Headline = hana.Headline, Company = hana.Company, LinkedInUrl = hana.LinkedInUrl, Interests = ["bootstrapping"] });
        var farid = await client.Contact("Farid Haddad");
        await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [farid.Id], Url = "https://example.com/a", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = "share-farid-1",
        });
        var later = await client.Import("linkedin/Connections-later.csv");
        var chen = await client.Contact("Chen Wei");
        await client.Put($"/api/contacts/{chen.Id}", new ContactRequest { Name = chen.Name, Headline = "Chief Scientist", Company = chen.Company, Email = chen.Email, LinkedInUrl = chen.LinkedInUrl });

        var undoLater = await (await client.DeleteAsync($"/api/imports/{later.ImportId}")).Read<UndoImportResponse>();
        var keptHeadline = Assert.Single(undoLater.Kept);
        Assert.Equal((chen.Id, "headline"), (keptHeadline.ContactId, keptHeadline.Field));
        var chenAfter = await client.Contact("Chen Wei");
        Assert.Equal(("Chief Scientist", "Contoso"), (chenAfter.Headline, chenAfter.Company));

        var undoFirst = await (await client.DeleteAsync($"/api/imports/{first.ImportId}")).Read<UndoImportResponse>();
        Assert.Contains(undoFirst.Kept, k => k.ContactId == hana.Id && k.Reason.Contains("interests"));
        Assert.Contains(undoFirst.Kept, k => k.ContactId == farid.Id && k.Reason.Contains("shared"));
        Assert.Contains(undoFirst.Kept, k => k.ContactId == chen.Id);
        Assert.Equal(["Chen Wei", "Farid Haddad", "Hana Kim"], (await client.AllContacts()).Select(c => c.Name));
    }

    [Fact]
    public async Task UndoingTwiceIsAConflict()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("vcard/apple-v4.vcf");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/imports/{result.ImportId}")).StatusCode);
        await (await client.DeleteAsync($"/api/imports/{result.ImportId}")).Problem(HttpStatusCode.Conflict);
        await (await client.DeleteAsync($"/api/imports/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UndoReportsContactsDeletedSince()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("vcard/apple-v4.vcf");
        var lea = await client.Contact("Lea Dubois");
        await client.DeleteAsync($"/api/contacts/{lea.Id}");
        var undo = await (await client.DeleteAsync($"/api/imports/{result.ImportId}")).Read<UndoImportResponse>();
        Assert.Equal(1, undo.ContactsRemoved);
        var kept = Assert.Single(undo.Kept);
        // Deleting her erased what the import had logged of her, her name included.
        Assert.Equal((lea.Id, "", true), (kept.ContactId, kept.Name, kept.Reason.Contains("deleted")));
    }

    [Fact]
    public async Task ImportsAreListedNewestFirstWithTheirCounts()
    {
        var client = await app.SignUpAsync();
        var first = await client.Import("linkedin/Connections.csv");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await client.Import("vcard/apple-v4.vcf");
        var list = await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>();
        Assert.Equal([second.ImportId!.Value, first.ImportId!.Value], list.Select(i => i.Id));
        Assert.Equal(("Connections.csv", ImportFormat.LinkedIn, new ImportCounts(5, 0, 0, 2)), (list[1].FileName, list[1].Format, list[1].Counts));
    }

    [Fact]
    public async Task SuggestedInterestsAreNotMatchedUntilAccepted()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var ana = await client.Contact("Ana Ruiz");
        Assert.Equal(["recruiting", "hiring"], ana.SuggestedInterests);
        Assert.Empty(ana.Interests);
        Assert.Empty((await (await client.GetAsync("/api/contacts?interest=recruiting")).Read<PagedResponse<ContactResponse>>()).Items);

        var accepted = await (await client.Post($"/api/contacts/{ana.Id}/interests/accept", new AcceptInterestsRequest { Interests = ["Recruiting"] }))
            .Read<ContactResponse>();
        Assert.Equal(["Recruiting"], accepted.Interests);
        Assert.Equal(["hiring"], accepted.SuggestedInterests);
        var found = await (await client.GetAsync("/api/contacts?interest=recruiting")).Read<PagedResponse<ContactResponse>>();
        Assert.Equal([ana.Id], found.Items.Select(c => c.Id));

        // Re-importing does not suggest again what was accepted.
        await client.Import("linkedin/Connections.csv");
        Assert.Equal(["hiring"], (await client.Contact("Ana Ruiz")).SuggestedInterests);
    }

    [Fact]
    public async Task AcceptingWithoutABodyTakesEverySuggestionAndDismissDropsThemForGood()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var ana = await client.Contact("Ana Ruiz");
        var all = await (await client.PostAsync($"/api/contacts/{ana.Id}/interests/accept", null)).Read<ContactResponse>();
        Assert.Equal(["recruiting", "hiring"], all.Interests);
        Assert.Empty(all.SuggestedInterests);

        var chen = await client.Contact("Chen Wei");
        var dismissed = await (await client.Post($"/api/contacts/{chen.Id}/interests/dismiss", new AcceptInterestsRequest { Interests = ["engineering"] }))
            .Read<ContactResponse>();
        Assert.DoesNotContain("engineering", dismissed.SuggestedInterests);
        Assert.DoesNotContain("engineering", dismissed.Interests);

        // A dismissal is remembered: the same file imported again does not propose it again.
        await client.Import("linkedin/Connections.csv");
        Assert.DoesNotContain("engineering", (await client.Contact("Chen Wei")).SuggestedInterests);
    }

    [Fact]
    public async Task AcceptingAnInterestThatWasNotSuggestedNamesTheField()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var ana = await client.Contact("Ana Ruiz");
        await (await client.Post($"/api/contacts/{ana.Id}/interests/accept", new AcceptInterestsRequest { Interests = ["knitting"] })).ValidationProblem("interests");
        await (await client.Post($"/api/contacts/{ana.Id}/interests/accept", new { interests = new[] { new string('x', 101) } })).ValidationProblem("interests");
        await (await client.PostAsync($"/api/contacts/{Guid.NewGuid()}/interests/accept", null)).Problem(HttpStatusCode.NotFound);
    }
}
