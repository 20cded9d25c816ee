using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// <c>--backup</c> on SQLite as an operator meets it: taken while the service writes, it succeeds and restores what it
/// says it copied; it refuses a database that is not there, and after any failure nothing lies at the target.
/// </summary>
public sealed partial class SqliteBackupTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    public void Dispose() => folder.Dispose();

    Dictionary<string, string> Environment(string? database = null) => new()
    {
        ["ConnectionStrings__ContentHelper"] = $"Data Source={database ?? folder.DatabaseFile}",
        // The write loop below is what this test is about, not the per-token limits.
        ["Limits__TokenRequestsPerMinute"] = "0",
        ["Limits__TokenExpensiveRequestsPerMinute"] = "0",
    };

    const int Backups = 6;

    [Fact]
    public async Task EveryBackupTakenWhileTheServiceWritesSucceedsAndRestoresTheRowsItReports()
    {
        using var api = new ApiProcess(folder.Path, Environment());
        Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), api.Output);
        using var client = new HttpClient { BaseAddress = api.Url, Timeout = TimeSpan.FromSeconds(60) };
        var account = await (await client.Post("/api/accounts", new CreateAccountRequest { Name = "Busy" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(w => WriteUntilStopped(client, w, stop.Token)).ToList();
        var outcomes = new List<(int ExitCode, string Output, string Target)>();
        for (var i = 0; i < Backups; i++)
        {
            var target = Path.Combine(folder.Path, "backups", $"contenthelper-{i}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var backup = new ApiProcess(folder.Path, Environment(), "--backup", target);
            Assert.True(await backup.ExitsWithinAsync(TimeSpan.FromSeconds(120)), backup.Output);
            outcomes.Add((backup.ExitCode, backup.Output, target));
        }
        stop.Cancel();
        var written = (await Task.WhenAll(writers)).Sum();

        Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Output}"));
        Assert.True(written > Backups, $"only {written} writes while the backups ran");
        foreach (var (_, output, target) in outcomes)
        {
            var reported = int.Parse(ContactsCopied().Match(output).Groups[1].Value);
            Assert.Equal(reported, Count(target, "Contacts"));
            Assert.Equal("ok", IntegrityCheck(target));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "backups"), "*partial*"));

        // The last copy, served by a new instance, knows the token and holds every contact it said it copied.
        var (_, lastOutput, last) = outcomes[^1];
        using var restored = new ApiProcess(folder.Path, Environment(last));
        Assert.True(await restored.HealthyWithinAsync(TimeSpan.FromSeconds(60)), restored.Output);
        using var again = new HttpClient { BaseAddress = restored.Url };
        again.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var contacts = await (await again.GetAsync("/api/contacts?pageSize=1")).Read<PagedResponse<ContactResponse>>();
        Assert.Equal(int.Parse(ContactsCopied().Match(lastOutput).Groups[1].Value), contacts.Total);
        Assert.True(contacts.Total > 0);
    }

    [Fact]
    public async Task ABackupOfADatabaseThatIsNotThereIsRefusedAndCreatesNoFile()
    {
        // A typo in the file name, in a folder that exists: nothing may be created there, neither source nor copy.
        var missing = Path.Combine(folder.Path, "contenthelpr.db");
        var target = Path.Combine(folder.Path, "copy.db");

        using var backup = new ApiProcess(folder.Path, Environment(missing), "--backup", target);

        Assert.True(await backup.ExitsWithinAsync(TimeSpan.FromSeconds(60)), backup.Output);
        Assert.NotEqual(0, backup.ExitCode);
        Assert.Contains(missing, backup.Output);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(missing));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task ACopyThatFailsItsIntegrityCheckLeavesNothingAtTheTarget()
    {
        using (var api = new ApiProcess(folder.Path, Environment()))
        {
            Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), api.Output);
            using var client = new HttpClient { BaseAddress = api.Url };
            var account = await (await client.Post("/api/accounts", new CreateAccountRequest { Name = "Damaged" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
            for (var i = 0; i < 20; i++)
                await (await client.Post("/api/contacts", new ContactRequest { Name = $"Person {i}", Email = $"p{i}@example.com" })).Read<ContactResponse>(HttpStatusCode.Created);
        }
        Damage(folder.DatabaseFile);
        var target = Path.Combine(folder.Path, "backups", "copy.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        using var backup = new ApiProcess(folder.Path, Environment(), "--backup", target);

        Assert.True(await backup.ExitsWithinAsync(TimeSpan.FromSeconds(60)), backup.Output);
        Assert.NotEqual(0, backup.ExitCode);
        Assert.Contains("integrity", backup.Output);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    /// <summary>Creates, edits and shares with contacts until stopped; returns how many writes succeeded.</summary>
    static async Task<int> WriteUntilStopped(HttpClient client, int writer, CancellationToken stop)
    {
        var written = 0;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var contact = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Writer {writer} contact {i}", Notes = new string('n', 2000) }))
                .Read<ContactResponse>(HttpStatusCode.Created);
            await (await client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = $"Writer {writer} edited {i}", Interests = ["backups"] })).Read<ContactResponse>();
            await (await client.Post("/api/shares", new CreateShareRequest
            {
                ContactIds = [contact.Id], Url = $"https://example.com/{writer}/{i}", Action = ShareAction.Send, Channel = Channel.Email,
                IdempotencyKey = $"backup-loop-{writer}-{i}",
            })).Read<CreateSharesResponse>(HttpStatusCode.Created);
            written += 3;
        }
        return written;
    }

    /// <summary>
    /// An index whose recorded definition no longer matches its entries: every row still counts, but SQLite's
    /// integrity check (and any query through that index) finds it broken, as after a bad disk sector.
    /// </summary>
    static void Damage(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        foreach (var sql in new[]
        {
            """CREATE INDEX "IX_Damaged" ON "Contacts" ("Name")""",
            "PRAGMA writable_schema = ON",
            """UPDATE sqlite_schema SET sql = 'CREATE INDEX "IX_Damaged" ON "Contacts" ("Email")' WHERE name = 'IX_Damaged'""",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    static long Count(string database, string table) => (long)Scalar(database, $"""SELECT COUNT(*) FROM "{table}" """)!;

    static string IntegrityCheck(string database) => (string)Scalar(database, "PRAGMA integrity_check")!;

    static object? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // "Contacts 57" in the backup's report of what it copied (not "ImportedContacts 0").
    [GeneratedRegex(@"\bContacts (\d+)\b")]
    private static partial Regex ContactsCopied();
}
