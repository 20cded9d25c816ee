using ContentHelper.Api.Data;
using Npgsql;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>
/// One database for real processes of the service (<see cref="ApiProcess"/>): a PostgreSQL database of its own when
/// the suite has a server (<see cref="ContentHelperApp.Postgres"/>), else a SQLite file in a fresh folder. Dropped
/// or deleted at dispose.
/// </summary>
public sealed class SharedDatabase : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly string? postgresDatabase = ContentHelperApp.Postgres is null ? null : "ch_proc_" + Guid.NewGuid().ToString("N");

    /// <summary>A working folder for the processes (and the SQLite file).</summary>
    public string Folder => folder.Path;

    public bool IsPostgres => postgresDatabase is not null;

    /// <summary>The PostgreSQL database's name (null on SQLite).</summary>
    public string? PostgresName => postgresDatabase;

    string ConnectionString => postgresDatabase is null
        ? $"Data Source={folder.DatabaseFile}"
        : new NpgsqlConnectionStringBuilder(ContentHelperApp.Postgres) { Database = postgresDatabase }.ToString();

    /// <summary>The variables that point a process at this database.</summary>
    public Dictionary<string, string> Environment() => postgresDatabase is null
        ? new() { ["ConnectionStrings__ContentHelper"] = ConnectionString }
        : new() { ["Storage__Provider"] = "Postgres", ["ConnectionStrings__ContentHelper"] = ConnectionString };

    /// <summary>A second, empty database beside this one (a SQLite file path, or a PostgreSQL database name), dropped with it.</summary>
    public string Sibling(string name)
    {
        if (postgresDatabase is null) return Path.Combine(folder.Path, name + ".db");
        var sibling = postgresDatabase + "_" + name;
        siblings.Add(sibling);
        return sibling;
    }

    /// <summary>The variables that point a process at a <see cref="Sibling"/>.</summary>
    public Dictionary<string, string> EnvironmentFor(string sibling) => postgresDatabase is null
        ? new() { ["ConnectionStrings__ContentHelper"] = $"Data Source={sibling}" }
        : new()
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__ContentHelper"] = new NpgsqlConnectionStringBuilder(ContentHelperApp.Postgres) { Database = sibling }.ToString(),
        };

    readonly List<string> siblings = [];

    /// <summary>The PostgreSQL client tools' arguments for this server (host, port, user), for pg_dump and pg_restore.</summary>
    public static string[] PostgresToolArguments()
    {
        var server = new NpgsqlConnectionStringBuilder(ContentHelperApp.Postgres);
        return ["-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username ?? "postgres"];
    }

    /// <summary>The newest installed PostgreSQL's bin folder (Debian's layout), where pg_dump lives.</summary>
    public static string? PostgresBin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_dump")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
        : null;

    /// <summary>Whether a start has begun writing: the SQLite file or the PostgreSQL database exists.</summary>
    public bool Exists()
    {
        if (postgresDatabase is null) return File.Exists(folder.DatabaseFile);
        using var connection = new NpgsqlConnection(ContentHelperApp.Postgres);
        connection.Open();
        using var query = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", connection);
        query.Parameters.AddWithValue("name", postgresDatabase);
        return (long)query.ExecuteScalar()! > 0;
    }

    /// <summary>
    /// Holds the lock a start takes to migrate, as a live start on another machine would: the SQLite guard's file
    /// lock, or the PostgreSQL guard's advisory lock in a session of this test. Disposing it ends that session.
    /// </summary>
    public IDisposable HoldMigrationLock()
    {
        if (postgresDatabase is null)
            return new FileStream(folder.DatabaseFile + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using (var admin = new NpgsqlConnection(ContentHelperApp.Postgres))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{postgresDatabase}\"", admin);
            create.ExecuteNonQuery();
        }
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        session.Open();
        using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationGuard.LockKey})", session);
        take.ExecuteNonQuery();
        return session;
    }

    public void Dispose()
    {
        if (postgresDatabase is not null)
            foreach (var database in siblings.Append(postgresDatabase)) DropPostgres(database);
        folder.Dispose();
    }

    public static void DropPostgres(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ContentHelperApp.Postgres);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
