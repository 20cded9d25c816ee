using System.Net;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Accounts;

/// <summary>
/// DELETE /api/me takes everything of the account with it, in one transaction: contacts, shares, imports and their
/// undo log, the reading list, "not now"s and every token; another account's data is untouched.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class AccountDeletionTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    /// <summary>A contact typed in, an import, a share, an article saved for later, a "not now" and a second token.</summary>
    static async Task<string> Populate(HttpClient client, string who)
    {
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Ben {who}", Notes = $"Notes of {who}", Interests = ["carbon capture"] }))
            .Read<ContactResponse>(HttpStatusCode.Created);
        await client.ImportText("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            $"Ana,{who},https://www.linkedin.com/in/ana-{who},ana@{who}.example,Northwind,Recruiter,12 Mar 2024\n");
        await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [ben.Id], Url = "https://example.com/carbon", Title = "Carbon", Action = ShareAction.Send, Channel = Channel.Email,
            Message = $"For you, from {who}", IdempotencyKey = $"share-of-{who}",
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }))
            .Read<ReadingListArticleResponse>(HttpStatusCode.Created);
        Assert.True((await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = ben.Id, Url = Pages.CarbonUrl })).IsSuccessStatusCode);
        return (await (await client.Post("/api/tokens", new CreateTokenRequest { Name = "second browser" })).Read<CreateTokenResponse>(HttpStatusCode.Created)).Token;
    }

    List<Guid> Imports(Guid account) => app.Db(db => db.Imports.Where(i => i.AccountId == account).Select(i => i.Id).ToList());

    /// <summary>The account's rows in every table; the undo log by the ids of the imports it had before.</summary>
    (int Tokens, int Contacts, int Shares, int Imports, int Logged, int Articles, int Dismissals, int Accounts) Rows(Guid account, List<Guid> imports) => app.Db(db =>
        (db.ApiTokens.Count(t => t.AccountId == account), db.Contacts.Count(c => c.AccountId == account), db.Shares.Count(s => s.AccountId == account),
            db.Imports.Count(i => i.AccountId == account), db.ImportedContacts.Count(e => imports.Contains(e.ImportId)),
            db.ReadingListArticles.Count(a => a.AccountId == account), db.Dismissals.Count(d => d.AccountId == account), db.Accounts.Count(a => a.Id == account)));

    [Fact]
    public async Task DeletingTheAccountRemovesEverythingItOwnedAndNothingOfAnotherAccount()
    {
        var (leaving, gone) = await app.SignUpWithAccountAsync("Leaving");
        var (staying, kept) = await app.SignUpWithAccountAsync("Staying");
        var secondToken = await Populate(leaving, "leaving");
        await Populate(staying, "staying");
        var (goneImports, keptImports) = (Imports(gone.AccountId), Imports(kept.AccountId));
        Assert.Equal((2, 2, 1, 1, 1, 1, 1, 1), Rows(gone.AccountId, goneImports));
        var before = Rows(kept.AccountId, keptImports);

        var response = await leaving.DeleteAsync("/api/me");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((0, 0, 0, 0, 0, 0, 0, 0), Rows(gone.AccountId, goneImports));
        await (await leaving.GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);
        await (await app.Authorized(secondToken).GetAsync("/api/contacts")).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(before, Rows(kept.AccountId, keptImports));
        Assert.Equal("Staying", (await (await staying.GetAsync("/api/me")).Read<MeResponse>()).Name);
        Assert.Equal(2, (await staying.AllContacts()).Count);
    }

    [Fact]
    public async Task DeletingAContactErasesItsDetailsFromTheImportLogAndTheUndoStillReportsIt()
    {
        var client = await app.SignUpAsync();
        const string Marker = "qzmarkerqz";
        var import = await client.ImportText("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            $"Lee,{Marker},https://www.linkedin.com/in/{Marker},lee@{Marker}.example,{Marker} Ltd,Head of {Marker},1 Feb 2024\n" +
            "Kept,Person,https://www.linkedin.com/in/kept-person,,Acme,Engineer,1 Feb 2024\n");
        var lee = Assert.Single(await client.AllContacts(), c => c.Name == $"Lee {Marker}");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{lee.Id}")).StatusCode);

        var logged = app.Db(db => db.ImportedContacts.Where(e => e.ImportId == import.ImportId).Select(e => e.Changes).ToList());
        Assert.Equal(2, logged.Count);
        Assert.DoesNotContain(logged, changes => changes.Contains(Marker, StringComparison.OrdinalIgnoreCase));
        var undo = await (await client.DeleteAsync($"/api/imports/{import.ImportId}")).Read<UndoImportResponse>();
        Assert.Equal(1, undo.ContactsRemoved);
        var reported = Assert.Single(undo.Kept);
        Assert.Equal(lee.Id, reported.ContactId);
        Assert.Contains("deleted", reported.Reason);
        Assert.DoesNotContain(Marker, reported.Name);
    }
}
