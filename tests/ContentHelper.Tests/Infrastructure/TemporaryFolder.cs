using Microsoft.Data.Sqlite;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>A fresh folder for a test's SQLite file (apps that restart, or share one database), removed at dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("contenthelper-tests-").FullName;

    public string DatabaseFile => System.IO.Path.Combine(Path, "contenthelper.db");

    public void Dispose()
    {
        // Pooled connections would keep the file open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
