using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// The documented backup and restore, as an operator runs them against the built service: <c>--backup &lt;file&gt;</c>
/// (SQLite's online backup API) while the service serves, or pg_dump and pg_restore; the restored database is
/// served by a new instance that finds every contact, share and import.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class BackupTests : IDisposable
{
    readonly SharedDatabase database = new();
    public void Dispose() => database.Dispose();

    static readonly string[] Views = ["/api/contacts?pageSize=200&sort=name", "/api/shares?pageSize=200", "/api/imports", "/api/me", "/api/contacts/duplicates"];

    [Fact]
    public async Task ABackupTakenWhileServingRestoresEveryContactShareAndImport()
    {
        using var api = new ApiProcess(database.Folder, database.Environment());
        Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), api.Output);
        using var client = await SignUp(api);
        await Populate(client);
        var before = await Read(client);

        var restoredDatabase = database.Sibling("restored");
        if (database.IsPostgres)
        {
            var dump = Path.Combine(database.Folder, "contenthelper.dump");
            await Tool("pg_dump", [.. SharedDatabase.PostgresToolArguments(), "-Fc", "-f", dump, database.PostgresName!]);
            await Tool("createdb", [.. SharedDatabase.PostgresToolArguments(), restoredDatabase]);
            await Tool("pg_restore", [.. SharedDatabase.PostgresToolArguments(), "--no-owner", "-d", restoredDatabase, dump]);
        }
        else
        {
            using var backup = new ApiProcess(database.Folder, database.Environment(), "--backup", restoredDatabase);
            Assert.True(await backup.ExitsWithinAsync(TimeSpan.FromSeconds(60)), backup.Output);
            Assert.True(backup.ExitCode == 0, backup.Output);
            Assert.Contains("Backed up", backup.Output);
        }
        // The original keeps serving; what it writes now is not in the copy.
        await (await client.Post("/api/contacts", new ContactRequest { Name = "After the backup" })).Read<ContactResponse>(HttpStatusCode.Created);

        using var restored = new ApiProcess(database.Folder, database.EnvironmentFor(restoredDatabase));
        Assert.True(await restored.HealthyWithinAsync(TimeSpan.FromSeconds(60)), restored.Output);
        using var again = new HttpClient { BaseAddress = restored.Url };
        again.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var after = await Read(again);
        foreach (var view in Views)
            Assert.Equal(before[view], after[view]);
    }

    [Fact]
    public async Task BackupRefusesToOverwriteAndNamesPgDumpForPostgres()
    {
        using (var api = new ApiProcess(database.Folder, database.Environment()))
            Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), api.Output);
        var existing = Path.Combine(database.Folder, "existing.db");
        await File.WriteAllTextAsync(existing, "the only good copy");

        using var backup = new ApiProcess(database.Folder, database.Environment(), "--backup", existing);
        Assert.True(await backup.ExitsWithinAsync(TimeSpan.FromSeconds(60)), backup.Output);
        Assert.NotEqual(0, backup.ExitCode);
        Assert.Contains(database.IsPostgres ? "pg_dump" : "exists already", backup.Output);
        Assert.Equal("the only good copy", await File.ReadAllTextAsync(existing));
    }

    static async Task<HttpClient> SignUp(ApiProcess api)
    {
        var client = new HttpClient { BaseAddress = api.Url, Timeout = TimeSpan.FromSeconds(60) };
        var account = await (await client.Post("/api/accounts", new CreateAccountRequest { Name = "Backed Up" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }

    /// <summary>Contacts typed in and imported (with suggested interests), a duplicate pair, shares and an undone import.</summary>
    static async Task Populate(HttpClient client)
    {
        var ben = await (await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Ben Carter", Email = "ben@example.com", Interests = ["carbon capture"], Notes = "Two kids; cycles to work.", Tags = ["climate"],
        })).Read<ContactResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben Carter", Company = "Greenfield" })).Read<ContactResponse>(HttpStatusCode.Created);
        var csv = new StringBuilder("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for (var i = 0; i < 40; i++) csv.Append($"Pat,Number{i},https://www.linkedin.com/in/pat-{i},,Company {i},Head of Research,1 Feb 2024\n");
        await (await client.Upload(Encoding.UTF8.GetBytes(csv.ToString()))).Read<ImportResponse>(HttpStatusCode.Created);
        var undone = await (await client.Upload("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nUndone,Person,,,,,\n"u8.ToArray())).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.True((await client.DeleteAsync($"/api/imports/{undone.ImportId}")).IsSuccessStatusCode);
        await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [ben.Id], Url = "https://example.com/carbon", Title = "Carbon", Action = ShareAction.Send, Channel = Channel.Email,
            Message = "Ben, this is for you.", IdempotencyKey = "backup-share-1",
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);
    }

    static async Task<Dictionary<string, string>> Read(HttpClient client)
    {
        var views = new Dictionary<string, string>();
        foreach (var view in Views)
        {
            var response = await client.GetAsync(view);
            views[view] = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{view}: {views[view]}");
        }
        return views;
    }

    static async Task Tool(string name, string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(SharedDatabase.PostgresBin ?? throw new InvalidOperationException("PostgreSQL's client tools are not installed"), name))
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', arguments)} → {process.ExitCode}: {await output}{await errors}");
    }
}
