using System.Diagnostics;
using System.Net;
using ContentHelper.Shared.Accounts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Tests.Accounts;

/// <summary>
/// A request writes its token's last use (once a minute). That write is bookkeeping: a database busy with another
/// writer costs the request a short wait, not its answer; any other failure of the write still fails the request.
/// SQLite only: its single write lock is what a busy database means here.
/// </summary>
public sealed class TokenLastUseTests
{
    [Fact]
    public async Task ARequestIsAnsweredWhileAnotherWriterHoldsTheDatabaseAndALaterOneRecordsTheLastUse()
    {
        using var folder = new TemporaryFolder();
        using var app = new ContentHelperApp(databaseFile: folder.DatabaseFile);
        var (client, account) = await app.SignUpWithAccountAsync();

        using (var writer = new SqliteConnection($"Data Source={folder.DatabaseFile};Pooling=False"))
        {
            writer.Open();
            // BEGIN IMMEDIATE: the write lock, held as a long import holds it.
            using var held = writer.BeginTransaction(deferred: false);
            var clock = Stopwatch.StartNew();
            var me = await (await client.GetAsync("/api/me")).Read<MeResponse>();

            Assert.Equal(account.AccountId, me.AccountId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the request waited {clock.Elapsed} for bookkeeping");
            Assert.Null(LastUse(app));
            Assert.Contains(app.Logs, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("was not recorded", StringComparison.Ordinal));
        }

        await (await client.GetAsync("/api/me")).Read<MeResponse>();
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, LastUse(app));
    }

    [Fact]
    public async Task AFailedLastUseWriteThatIsNotABusyDatabaseFailsTheRequest()
    {
        using var app = new ContentHelperApp();
        var (client, _) = await app.SignUpWithAccountAsync();
        // A fault that only the write meets (as a schema not migrated or a broken disk would): it must not be swallowed.
        app.Db(db => db.Database.ExecuteSqlRaw(
            "CREATE TRIGGER BrokenLastUse BEFORE UPDATE OF LastUsedAt ON ApiTokens BEGIN SELECT RAISE(ABORT, 'broken'); END;"));

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(LastUse(app));
    }

    static DateTime? LastUse(ContentHelperApp app) => app.Db(db => db.ApiTokens.AsNoTracking().Single().LastUsedAt);
}
