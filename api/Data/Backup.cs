using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace ContentHelper.Api.Data;

public static class Backup
{
    /// <summary>
    /// <c>--backup &lt;file&gt;</c>: a consistent copy of the SQLite database, safe while the service keeps writing, that
    /// appears under the target name only once it is whole and checked. Nothing is migrated or started. PostgreSQL
    /// is backed up with pg_dump.
    /// </summary>
    /// <remarks>
    /// The source is opened read-only (a wrong path is refused, never created) inside one read transaction: in WAL
    /// mode that pins a snapshot without blocking writers, so the copy steps through it a few pages at a time
    /// (SQLite's online backup, restarted by every write when no snapshot is held, never finishes under a steady
    /// write loop) and the row counts taken at its start are exactly what the copy must hold. The copy goes to a
    /// temporary file beside the target, passes <c>PRAGMA integrity_check</c> and the row counts, and only then is
    /// renamed to the target — which is never overwritten.
    /// </remarks>
    /// <returns>The process exit code: 0 copied, 1 refused or failed (nothing at the target), 2 not SQLite.</returns>
    public static async Task<int> BackupAsync(this WebApplication app, string target)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var logger = app.Logger;
        if (!db.Database.IsSqlite())
        {
            logger.LogError("--backup copies a SQLite database. For PostgreSQL use pg_dump, e.g. pg_dump -Fc -f contenthelper.dump <database> " +
                "(restore with pg_restore -d <empty database> contenthelper.dump); see README, Backups.");
            return 2;
        }
        var path = Path.GetFullPath(target);
        if (File.Exists(path))
        {
            // A backup never overwrites: the file there may be the only good copy.
            logger.LogError("{Path} exists already; give --backup a new file.", path);
            return 1;
        }
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            logger.LogError("The folder of {Path} does not exist.", path);
            return 1;
        }
        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var sourcePath = Path.GetFullPath(source.DataSource);
        if (source.DataSource is "" or ":memory:" || source.DataSource.StartsWith("file:", StringComparison.Ordinal) || !File.Exists(sourcePath))
        {
            logger.LogError("There is no database at {Source}: check ConnectionStrings:ContentHelper (give --backup the same settings as the service). Nothing was written.",
                source.DataSource is "" ? "(no file)" : sourcePath);
            return 1;
        }

        // Beside the target, so that the last step is a rename within one file system; a dot hides it from a glob of backups.
        var partial = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            var copied = await CopyAsync(source.ToString(), partial, options, logger);
            // Fails if the target appeared meanwhile: still never an overwrite.
            File.Move(partial, path, overwrite: false);
            logger.LogInformation("Backed up {Source} to {Path} ({Bytes:N0} bytes). Rows copied: {Rows}. Restore: stop the service and put this file in place of the database.",
                sourcePath, path, new FileInfo(path).Length, string.Join(", ", copied.Select(t => $"{t.Key} {t.Value}")));
            return 0;
        }
        catch (Exception e) when (e is SqliteException or BackupFailedException or IOException)
        {
            logger.LogError("The backup of {Source} failed; nothing was written to {Path}. {Reason}", sourcePath, path, e.Message);
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { partial, partial + "-journal", partial + "-wal", partial + "-shm" }) File.Delete(file);
        }
    }

    /// <summary>Copies the source into <paramref name="partial"/> and checks the copy; returns the rows per table it holds.</summary>
    static async Task<SortedDictionary<string, long>> CopyAsync(string sourceConnectionString, string partial, StorageOptions options, ILogger logger)
    {
        await using var source = new SqliteConnection(sourceConnectionString);
        await source.OpenAsync();
        // The first read inside the transaction pins the snapshot that the counts and every step of the copy see.
        await using var snapshot = source.BeginTransaction(deferred: true);
        var tables = await TablesAsync(source, snapshot);
        if (!tables.Contains("__EFMigrationsHistory"))
            throw new BackupFailedException("It is not a ContentHelper database (it has no migration history).");
        var counts = await CountAsync(source, snapshot, tables);

        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await destination.OpenAsync();
            await StepAsync(source, destination, options, logger);
        }

        // Read-write though it only reads: the copy is marked WAL like its source, and a read-only connection would leave a -wal and -shm behind.
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await copy.OpenAsync();
        var integrity = await QueryAsync(copy, null, "PRAGMA integrity_check", r => r.GetString(0));
        if (integrity is not ["ok"])
            throw new BackupFailedException($"The copy fails SQLite's integrity check: {string.Join("; ", integrity.Take(5))}{(integrity.Count > 5 ? " …" : "")}");
        var copied = await CountAsync(copy, null, tables);
        var differ = counts.Where(c => copied[c.Key] != c.Value).Select(c => $"{c.Key} {copied[c.Key]} of {c.Value}").ToList();
        if (differ.Count > 0) throw new BackupFailedException($"The copy holds other row counts than the source: {string.Join(", ", differ)}.");
        return copied;
    }

    /// <summary>
    /// SQLite's online backup, <see cref="StorageOptions.BackupPagesPerStep"/> pages at a time (Microsoft.Data.Sqlite's
    /// BackupDatabase copies in one step and gives up at the first SQLITE_BUSY). Busy or locked is waited out, for at
    /// most <see cref="StorageOptions.BackupBusyTimeout"/> in a row.
    /// </summary>
    static async Task StepAsync(SqliteConnection source, SqliteConnection destination, StorageOptions options, ILogger logger)
    {
        using var backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
        if (backup.IsInvalid) throw new BackupFailedException(raw.sqlite3_errmsg(destination.Handle).utf8_to_string());
        var busySince = (long?)null;
        int rc, steps = 0, waits = 0;
        while ((rc = raw.sqlite3_backup_step(backup, Math.Max(1, options.BackupPagesPerStep))) != raw.SQLITE_DONE)
        {
            if (rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
            {
                busySince ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(busySince.Value) > options.BackupBusyTimeout)
                    throw new BackupFailedException($"The database stayed busy for {options.BackupBusyTimeout}.");
                waits++;
                await Task.Delay(BusyWait);
                continue;
            }
            if (rc != raw.SQLITE_OK) break;
            busySince = null;
            steps++;
        }
        var remaining = raw.sqlite3_backup_remaining(backup);
        var finished = raw.sqlite3_backup_finish(backup);
        if (rc != raw.SQLITE_DONE || finished != raw.SQLITE_OK)
            throw new BackupFailedException($"SQLite's backup stopped: {raw.sqlite3_errstr(rc != raw.SQLITE_DONE ? rc : finished).utf8_to_string()} ({remaining} pages left).");
        logger.LogDebug("Copied in {Steps} steps, waiting out a busy database {Waits} times", steps + 1, waits);
    }

    static readonly TimeSpan BusyWait = TimeSpan.FromMilliseconds(50);

    static async Task<List<string>> TablesAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        await QueryAsync(connection, transaction, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", r => r.GetString(0));

    static async Task<SortedDictionary<string, long>> CountAsync(SqliteConnection connection, SqliteTransaction? transaction, List<string> tables)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = (await QueryAsync(connection, transaction, $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"")}\"", r => r.GetInt64(0)))[0];
        return counts;
    }

    static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    sealed class BackupFailedException(string message) : Exception(message);
}
