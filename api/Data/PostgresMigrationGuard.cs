using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContentHelper.Api.Data;

/// <summary>
/// Several instances starting at once on one PostgreSQL database must migrate one after another: EF Core's own lock
/// (LOCK TABLE on the history table, per migration transaction) leaves a first start on an empty database open to a
/// race in which two starts both create the schema and one dies on "relation already exists". This guard is a
/// session-level advisory lock on a connection of its own, held across the whole migration. The server drops it
/// when the session ends, so a start killed while migrating never blocks the next one. The database itself is
/// created here when missing, tolerating another start creating it at the same moment.
/// </summary>
public sealed class PostgresMigrationGuard : IAsyncDisposable
{
    // Advisory lock keys are scoped to the database; any fixed number that no other code on it uses will do.
    public const long LockKey = 0x436F_6E74_656E_7448; // "ContentH"

    readonly NpgsqlConnection connection;

    PostgresMigrationGuard(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<PostgresMigrationGuard> TakeAsync(AppDb db, TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString()!;
        await CreateDatabaseIfMissingAsync(connectionString, ct);
        // Not pooled: closing it must end the session, and with it the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
            if (await take.ExecuteScalarAsync(ct) is true) return new PostgresMigrationGuard(connection);
            if (waited.Elapsed >= timeout)
            {
                await connection.DisposeAsync();
                throw new InvalidOperationException(
                    $"Gave up after {timeout} waiting for another start to finish migrating PostgreSQL database {connection.Database} " +
                    $"(it holds advisory lock {LockKey}; pg_locks names its session). Raise Storage:MigrationLockTimeout for long migrations.");
            }
            if (!told)
                logger.LogWarning("Waiting for another start to finish migrating PostgreSQL database {Database}.", connection.Database);
            told = true;
            await Task.Delay(250, ct);
        }
    }

    static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        try
        {
            await using var probe = new NpgsqlConnection(target.ToString());
            await probe.OpenAsync(ct);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName) { }

        // As EF Core does: from the maintenance database. Another start may win the race; its database is ours too.
        var name = target.Database!;
        target.Database = "postgres";
        await using var admin = new NpgsqlConnection(target.ToString());
        await admin.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", admin);
        try { await create.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
