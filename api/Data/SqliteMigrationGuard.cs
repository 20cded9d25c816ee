using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Data;

/// <summary>
/// EF Core migrates SQLite under a lock that is a row in <c>__EFMigrationsLock</c>; a start killed while migrating
/// leaves the row behind, and every later start waits for it forever, silently. This guard is a lock the operating
/// system drops with its owner: an exclusive lock on a file beside the database (<c>contenthelper.db.migrating</c>).
/// Whoever holds it is the only one migrating, so a lock row found then was left by a start that died, and is removed.
/// </summary>
public sealed class SqliteMigrationGuard : IAsyncDisposable
{
    readonly FileStream file;

    SqliteMigrationGuard(FileStream file) => this.file = file;

    /// <summary>Null for an in-memory database: no other process can share it, so no row can outlive its owner.</summary>
    public static async Task<SqliteMigrationGuard?> TakeAsync(AppDb db, TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var path = connection.DataSource;
        if (connection.Mode == SqliteOpenMode.Memory || path is "" or ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return null;

        var lockPath = Path.GetFullPath(path) + ".migrating";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock (flock on Unix): held until disposed or the process dies.
                var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var guard = new SqliteMigrationGuard(file);
                await guard.RemoveStaleRowAsync(db, logger, ct);
                return guard;
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                if (!told)
                    logger.LogWarning("Waiting for another start to finish migrating {Database} (it holds {Lock}).", path, lockPath);
                told = true;
                await Task.Delay(250, ct);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"Gave up after {timeout} waiting for another start to finish migrating {path}: {lockPath} stays locked. " +
                    "If no other instance of the service is running on this database, something else holds that file. " +
                    "Raise Storage:MigrationLockTimeout for long migrations.", e);
            }
        }
    }

    async Task RemoveStaleRowAsync(AppDb db, ILogger logger, CancellationToken ct)
    {
        var table = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").ToListAsync(ct);
        if (table.Single() == 0) return;
        var left = await db.Database.SqlQueryRaw<string>("SELECT \"Timestamp\" AS \"Value\" FROM \"__EFMigrationsLock\"").ToListAsync(ct);
        if (left.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct);
        logger.LogWarning("Removed the migration lock left at {Timestamp} by a start that did not finish; migrating now.", left[0]);
    }

    public async ValueTask DisposeAsync() => await file.DisposeAsync();
}
