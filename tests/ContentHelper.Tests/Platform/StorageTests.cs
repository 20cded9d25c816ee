using System.Net;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ContentHelper.Tests.Platform;

public sealed class StorageTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("contenthelper-tests-").FullName;
    string DatabaseFile => Path.Combine(folder, "contenthelper.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task DataSurvivesARestartOnTheFileDatabase()
    {
        string token;
        Guid contactId;
        using (var first = new ContentHelperApp(databaseFile: DatabaseFile))
        {
            var (client, account) = await first.SignUpWithAccountAsync();
            token = account.Token;
            contactId = (await (await client.Post("/api/contacts", new ContactRequest { Name = "Persistent Pat", Interests = ["durability"] }))
                .Read<ContactResponse>(HttpStatusCode.Created)).Id;
        }

        using var second = new ContentHelperApp(databaseFile: DatabaseFile);
        var again = second.Authorized(token);
        var contact = await (await again.GetAsync($"/api/contacts/{contactId}")).Read<ContactResponse>();
        Assert.Equal("Persistent Pat", contact.Name);
        Assert.Equal(["durability"], contact.Interests);
    }

    [Fact]
    public async Task MigratingAnOlderSchemaKeepsItsRows()
    {
        // Build the database as the first release left it, put a row in it with plain SQL, then let the app
        // start (which migrates to the newest schema) and read the row through the API.
        var options = new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite($"Data Source={DatabaseFile};Pooling=False").Options;
        await using (var db = new SqliteAppDb(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[0]);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO Accounts (Id, Name, Interests, CreatedAt) VALUES ('11111111-1111-1111-1111-111111111111', 'Old', '[]', '2025-01-01 00:00:00');" +
                "INSERT INTO Contacts (Id, AccountId, Name, Interests, Tags, CreatedAt, UpdatedAt, SearchText, InterestKey) VALUES " +
                "('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', 'Legacy Lee', '[\"history\"]', '[]', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'legacy lee', '|history|');");
        }

        using var app = new ContentHelperApp(databaseFile: DatabaseFile);
        var names = app.Db(db => db.Contacts.Select(c => c.Name).ToList());
        Assert.Equal(["Legacy Lee"], names);
        Assert.Empty(app.Db(db => db.Database.GetPendingMigrations().ToList()));
    }

    [Fact]
    public async Task TheDemoSeedGivesANewcomerContactsWithInterests()
    {
        using var app = new ContentHelperApp(new() { ["Seed:Demo"] = "true" });
        await app.CreateClient().GetAsync("/health");

        var contacts = app.Db(db => db.Contacts.ToList());
        Assert.True(contacts.Count >= 5);
        Assert.All(contacts, c => Assert.NotEmpty(c.Interests));
        var logged = app.Logs.Single(l => l.Contains("Demo account created"));
        var token = logged.Split("(shown once): ")[1].Split(' ')[0].Trim();
        var list = await (await app.Authorized(token).GetAsync("/api/contacts")).Read<PagedResponse<ContactResponse>>();
        Assert.Equal(contacts.Count, list.Total);
    }

    [Fact]
    public void TheSeedSwitchWorksWithoutAValue()
    {
        Assert.Equal(["--Seed:Demo=true", "--urls", "http://127.0.0.1:1"],
            ContentHelper.Api.Platform.Args.WithSwitches(["--seed-demo", "--urls", "http://127.0.0.1:1"]));
    }

    [Fact]
    public async Task TheInMemoryProviderRunsWithoutAFile()
    {
        using var app = new ContentHelperApp(new() { ["Storage:Provider"] = "InMemory", ["ConnectionStrings:ContentHelper"] = $"mem-{Guid.NewGuid()}" });
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Ephemeral" })).Read<ContactResponse>(HttpStatusCode.Created);
        var list = await (await client.GetAsync("/api/contacts?q=ephem")).Read<PagedResponse<ContactResponse>>();
        Assert.Equal(1, list.Total);
    }
}
