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

[Trait("Storage", "Portable")]
public sealed class StorageTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    string DatabaseFile => folder.DatabaseFile;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task DataSurvivesARestartOnTheFileDatabase()
    {
        string token;
        Guid contactId;
        using (var first = new ContentHelperApp(databaseFile: DatabaseFile).KeepDatabase())
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
        // Build the database as the first release left it, put rows in it with plain SQL, then let the app
        // start (which migrates to the newest schema) and read them through the API.
        using var app = new ContentHelperApp(databaseFile: DatabaseFile);
        await using (var db = OlderDatabase(app))
        {
            await db.Database.EnsureDeletedAsync();
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "Accounts" ("Id", "Name", "Interests", "CreatedAt") VALUES ('11111111-1111-1111-1111-111111111111', 'Old', {0}, '2025-01-01 00:00:00');""",
                ContentHelperApp.Postgres is null ? "[]" : new List<string>());
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Contacts" ("Id", "AccountId", "Name", "Interests", "Tags", "CreatedAt", "UpdatedAt", "SearchText", "InterestKey")
                VALUES ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', 'Legacy Lee', {0}, {1},
                        '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'legacy lee', '|history|');
                """,
                ContentHelperApp.Postgres is null ? "[\"history\"]" : new List<string> { "history" },
                ContentHelperApp.Postgres is null ? "[]" : new List<string>());
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Contacts" ("Id", "AccountId", "Name", "Interests", "Tags", "CreatedAt", "UpdatedAt", "SearchText", "InterestKey")
                VALUES ('33333333-3333-3333-3333-333333333333', '11111111-1111-1111-1111-111111111111', 'Dr. Adam Zed', {0}, {0},
                        '2025-01-01 00:00:00', '2025-01-01 00:00:00', 'dr. adam zed', '');
                """,
                ContentHelperApp.Postgres is null ? "[]" : new List<string>());
        }

        var names = app.Db(db => db.Contacts.OrderBy(c => c.SortName).ThenBy(c => c.Id).Select(c => c.Name).ToList());
        // Sorted by the name without its title: rows from before the sort key got one at start-up.
        Assert.Equal(["Dr. Adam Zed", "Legacy Lee"], names);
        Assert.Equal(["history"], app.Db(db => db.Contacts.Single(c => c.Name == "Legacy Lee").Interests));
        // Saved when a contact without a circle had no cadence: at start-up it got the one in force now, from when it was added.
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(180), app.Db(db => db.Contacts.Single(c => c.Name == "Legacy Lee").NextContactDue));
        Assert.Empty(app.Db(db => db.Database.GetPendingMigrations().ToList()));
    }

    /// <summary>A context on the app's database that the test migrates by hand, before the app has started.</summary>
    static AppDb OlderDatabase(ContentHelperApp app)
    {
        var connectionString = app.ConnectionString;
        return ContentHelperApp.Postgres is null
            ? new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite(connectionString).Options)
            : new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql(connectionString).Options);
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
}

/// <summary>Storage set-ups that do not depend on the test database provider.</summary>
public sealed class ProviderChoiceTests
{
    [Fact]
    public void TheSeedSwitchWorksWithoutAValue()
    {
        Assert.Equal(["--Seed:Demo=true", "--urls", "http://127.0.0.1:1"],
            ContentHelper.Api.Platform.Args.WithSwitches(["--seed-demo", "--urls", "http://127.0.0.1:1"]));
    }

    [Fact]
    public async Task StartUpSaysWhereTheDatabaseFileIs()
    {
        var folder = Directory.CreateTempSubdirectory("contenthelper-tests-").FullName;
        var file = Path.Combine(folder, "where.db");
        try
        {
            using (var app = new ContentHelperApp(databaseFile: file))
            {
                await app.SignUpAsync();
                Assert.Contains(app.Logs, line => line.Contains(file, StringComparison.Ordinal));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
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
