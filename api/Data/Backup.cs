using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Data;

public static class Backup
{
    /// <summary>
    /// <c>--backup &lt;file&gt;</c>: a consistent copy of the SQLite database through SQLite's online backup API, safe
    /// while the service keeps serving (it copies pages under SQLite's own locks, so writes that race it are either
    /// in the copy or not, never half). Nothing is migrated or started. PostgreSQL is backed up with pg_dump.
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> BackupAsync(this WebApplication app, string target)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
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
        await using var source = new SqliteConnection(db.Database.GetConnectionString());
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await source.OpenAsync();
        await destination.OpenAsync();
        source.BackupDatabase(destination);
        logger.LogInformation("Backed up {Source} to {Path} ({Bytes:N0} bytes). Restore: stop the service and put this file in place of the database.",
            source.DataSource, path, new FileInfo(path).Length);
        return 0;
    }
}
