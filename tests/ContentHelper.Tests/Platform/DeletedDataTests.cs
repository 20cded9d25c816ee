using System.Net;
using System.Text;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// What is deleted through the API does not linger in the SQLite files: after the scheduled cleanup (a checkpoint
/// that empties the WAL, over pages whose deleted cells SQLite zeroed), a deleted contact's, a forgotten article's
/// and a deleted account's text is in neither the database file nor its -wal — while a kept contact's still is. Text
/// deleted before deletes were secure goes with the VACUUM of a file's first cleanup.
/// </summary>
public sealed class DeletedDataTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    public void Dispose() => folder.Dispose();

    const string KeptMarker = "zqkeptmarkerzq", ContactMarker = "zqcontactmarkerzq", ArticleMarker = "zqarticlemarkerzq", AccountMarker = "zqaccountmarkerzq";

    [Fact]
    public async Task DeletedContactsArticlesAndAccountsLeaveNoTextInTheDatabaseFilesAfterTheCleanup()
    {
        // Never VACUUM here (it would hide whether deletes zero their bytes), after the first run's, which every file gets once.
        using var app = new ContentHelperApp(new() { ["Storage:VacuumFreeFraction"] = "2" }, databaseFile: folder.DatabaseFile);
        var maintenance = app.Services.GetRequiredService<DatabaseMaintenance>();
        var client = await app.SignUpAsync();
        await maintenance.RunAsync(CancellationToken.None);
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Kept Person", Notes = $"Notes {KeptMarker}" })).Read<ContactResponse>(HttpStatusCode.Created);
        // Imported (so the undo log holds it), then edited by hand (so an older version of the row existed too).
        await client.ImportText("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            $"Lee,{ContactMarker},https://www.linkedin.com/in/{ContactMarker},lee@{ContactMarker}.example,{ContactMarker} Ltd,Head of {ContactMarker},1 Feb 2024\n");
        var lee = await client.Contact($"Lee {ContactMarker}");
        await (await client.Put($"/api/contacts/{lee.Id}", new ContactRequest { Name = lee.Name, Email = lee.Email, Notes = $"Met at {ContactMarker} conference" })).Read<ContactResponse>();
        var article = await (await client.Post("/api/articles/reading-list", new ParseArticleRequest
        {
            Url = "https://news.example.com/2026/03/" + ArticleMarker,
            Html = Pages.Article($"The {ArticleMarker} report", [.. Pages.CarbonParagraphs.Select(p => $"{p} {ArticleMarker}.")]),
        })).Read<ReadingListArticleResponse>(HttpStatusCode.Created);
        var (leaving, _) = await app.SignUpWithAccountAsync(AccountMarker);
        await (await leaving.Post("/api/contacts", new ContactRequest { Name = $"Friend of {AccountMarker}", Notes = AccountMarker })).Read<ContactResponse>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{lee.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/articles/reading-list/{article.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leaving.DeleteAsync("/api/me")).StatusCode);
        await maintenance.RunAsync(CancellationToken.None);

        var files = DatabaseFiles();
        Assert.True(Occurrences(files, KeptMarker) > 0, "the kept contact's notes should be in the files: the search reads the wrong bytes");
        Assert.Equal((0, 0, 0), (Occurrences(files, ContactMarker), Occurrences(files, ArticleMarker), Occurrences(files, AccountMarker)));
    }

    [Fact]
    public async Task TextDeletedBeforeDeletesWereSecureIsGoneAfterTheFirstCleanup()
    {
        using var app = new ContentHelperApp(databaseFile: folder.DatabaseFile);
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Kept Person", Notes = $"Notes {KeptMarker}" })).Read<ContactResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Old Delete", Notes = $"Notes {ContactMarker}" })).Read<ContactResponse>(HttpStatusCode.Created);
        // As an older version deleted: on a connection without secure_delete, checkpointed into the file.
        using (var old = new SqliteConnection($"Data Source={folder.DatabaseFile};Pooling=False"))
        {
            old.Open();
            using var delete = old.CreateCommand();
            delete.CommandText = """DELETE FROM "Contacts" WHERE "Name" = 'Old Delete'; PRAGMA wal_checkpoint(TRUNCATE);""";
            delete.ExecuteNonQuery();
        }
        Assert.True(Occurrences(DatabaseFiles(), ContactMarker) > 0, "the old delete should have left the text in the file");

        await app.Services.GetRequiredService<DatabaseMaintenance>().RunAsync(CancellationToken.None);

        var files = DatabaseFiles();
        Assert.True(Occurrences(files, KeptMarker) > 0);
        Assert.Equal(0, Occurrences(files, ContactMarker));
    }

    /// <summary>The database file and its -wal, read while the app has them open.</summary>
    byte[] DatabaseFiles()
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { folder.DatabaseFile, folder.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(all);
        }
        return all.ToArray();
    }

    static int Occurrences(byte[] haystack, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        var count = 0;
        for (var at = haystack.AsSpan().IndexOf(needle); at >= 0;)
        {
            count++;
            var next = haystack.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return count;
    }
}
