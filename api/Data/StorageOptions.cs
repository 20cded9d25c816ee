namespace ContentHelper.Api.Data;

public enum StorageProvider { Sqlite, InMemory, Postgres }

/// <summary>Bound from the "Storage" config section; the connection string is ConnectionStrings:ContentHelper.</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>How long a start waits for another start on the same SQLite file to finish migrating before it gives up.</summary>
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the SQLite file goes when no connection string is given: the user's local data folder.</summary>
    public static string DefaultSqlitePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "ContentHelper", "contenthelper.db");
}
