namespace ContentHelper.Api.Data;

public enum StorageProvider { Sqlite, InMemory, Postgres }

/// <summary>Bound from the "Storage" config section; the connection string is ConnectionStrings:ContentHelper.</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>How long a start waits for another start on the same SQLite file to finish migrating before it gives up.</summary>
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Pages <c>--backup</c> copies per step of SQLite's online backup (4 MB at the default 4 KB page). The copy reads one
    /// snapshot throughout, so this only sets how often it may pause for a busy database: a 100 MB file takes 25 steps.
    /// </summary>
    public int BackupPagesPerStep { get; set; } = 1024;

    /// <summary>How long <c>--backup</c> waits out a busy or locked database, in a row, before it gives up (writing nothing).</summary>
    public TimeSpan BackupBusyTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often SQLite's WAL is emptied into the database (and the file vacuumed when worth it), so that deleted text
    /// does not linger in the -wal file; see <see cref="DatabaseMaintenance"/>. Zero turns it off.
    /// </summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The share of free pages in the SQLite file from which maintenance VACUUMs to give the space back (after deleting an account, say).</summary>
    public double VacuumFreeFraction { get; set; } = 0.25;

    /// <summary>Where the SQLite file goes when no connection string is given: the user's local data folder.</summary>
    public static string DefaultSqlitePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "ContentHelper", "contenthelper.db");
}
