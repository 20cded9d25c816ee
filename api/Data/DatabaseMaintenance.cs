using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Data;

/// <summary>
/// Deleted text must not linger in the SQLite files. Every connection deletes with <c>secure_delete</c>
/// (<see cref="SqliteSecureDelete"/>), so a deleted or overwritten row's bytes are zeroed in the page that held them;
/// but the WAL keeps the older copies of those pages until it is reset. On a schedule
/// (<see cref="StorageOptions.MaintenanceInterval"/>) this empties the WAL into the database
/// (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>), and VACUUMs when free pages pass
/// <see cref="StorageOptions.VacuumFreeFraction"/> of the file (space, not privacy: free pages are zeroed already) or
/// when the file has never been vacuumed by this service (text deleted before secure_delete was on).
/// PostgreSQL is left to autovacuum; InMemory has no files.
/// </summary>
public sealed class DatabaseMaintenance(IServiceScopeFactory scopes, IOptions<StorageOptions> options, ILogger<DatabaseMaintenance> logger) : BackgroundService
{
    /// <summary><c>PRAGMA user_version</c> once the file has been vacuumed with every later delete secure (EF Core leaves it 0).</summary>
    const int SecureSinceVacuum = 1;

    /// <summary>A checkpoint that meets a reader is tried again this many times, this far apart, before it waits for the next run.</summary>
    const int CheckpointTries = 10;
    static readonly TimeSpan CheckpointPause = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.MaintenanceInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                logger.LogWarning(e, "Database maintenance failed; it runs again in {Interval}", interval);
            }
        }
    }

    /// <summary>One maintenance run: what the schedule does, callable at any time.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (!db.Database.IsSqlite()) return;
            connectionString = db.Database.GetConnectionString();
        }
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Contains("mode=memory", StringComparison.Ordinal))
            return;

        var started = Stopwatch.GetTimestamp();
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        var emptied = await CheckpointAsync(connection, ct);
        var pages = await ScalarAsync(connection, "PRAGMA page_count", ct);
        var free = await ScalarAsync(connection, "PRAGMA freelist_count", ct);
        var neverVacuumed = await ScalarAsync(connection, "PRAGMA user_version", ct) < SecureSinceVacuum;
        var vacuumed = neverVacuumed || free > 0 && free >= pages * options.Value.VacuumFreeFraction;
        if (vacuumed)
        {
            await ExecuteAsync(connection, "VACUUM", ct);
            await ExecuteAsync(connection, $"PRAGMA user_version = {SecureSinceVacuum}", ct);
            emptied = await CheckpointAsync(connection, ct);
        }
        logger.LogInformation("Database maintenance in {Ms:F0} ms: {Pages} pages, {Free} free{Vacuum}; the WAL {Wal}",
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, pages, free, vacuumed ? ", vacuumed" : "",
            emptied ? "is empty" : "was in use by a reader throughout and is emptied at the next run");
    }

    /// <summary>Copies the WAL into the database and truncates it to 0 bytes; false when a reader kept it in use.</summary>
    static async Task<bool> CheckpointAsync(SqliteConnection connection, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One row: busy (1 when a reader or writer was in the way), WAL frames, frames checkpointed.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || reader.GetInt64(0) == 0) return true;
            if (attempt == CheckpointTries) return false;
            await reader.DisposeAsync();
            await Task.Delay(CheckpointPause, ct);
        }
    }

    static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// <c>PRAGMA secure_delete = ON</c> on every connection EF Core opens (a per-connection setting, off in the SQLite that
/// Microsoft.Data.Sqlite ships): deleted and overwritten content is zeroed instead of left in free space. Run once per
/// native connection, which the pool hands out again and again.
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> secured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Needs(connection, out var sqlite)) return;
        using var command = Enable(sqlite);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (!Needs(connection, out var sqlite)) return;
        await using var command = Enable(sqlite);
        await command.ExecuteNonQueryAsync(ct);
    }

    bool Needs(DbConnection connection, out SqliteConnection sqlite)
    {
        sqlite = (SqliteConnection)connection;
        return sqlite.Handle is { } handle && secured.TryAdd(handle, this);
    }

    static SqliteCommand Enable(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON";
        return command;
    }
}
