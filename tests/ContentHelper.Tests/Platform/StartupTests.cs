using System.Net;
using System.Net.Http.Json;
using ContentHelper.Shared.Accounts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ContentHelper.Tests.Platform;

/// <summary>The built service started as operators start it: its own process, any working folder, killed at will.</summary>
public sealed class StartupTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    string DatabaseFile => folder.DatabaseFile;
    Dictionary<string, string> Database => new() { ["ConnectionStrings__ContentHelper"] = $"Data Source={DatabaseFile};Pooling=False" };

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task AStartKilledWhileMigratingDoesNotBlockTheNextOne()
    {
        using (var killed = new ApiProcess(folder.Path, Database))
        {
            // SIGKILL as soon as the start has begun writing its schema; nothing of the start's own cleanup runs.
            for (var i = 0; i < 1500 && !File.Exists(DatabaseFile) && !killed.HasExited; i++) await Task.Delay(10);
            killed.Kill();
        }
        // Wherever the kill landed, leave the database as a start killed inside the migration lock leaves it:
        // EF Core's lock row, which only its (now dead) owner would ever delete.
        using (var db = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            db.Open();
            using var left = db.CreateCommand();
            left.CommandText = """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT OR IGNORE INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            left.ExecuteNonQuery();
        }

        using var next = new ApiProcess(folder.Path, Database);
        Assert.True(await next.HealthyWithinAsync(TimeSpan.FromSeconds(60)), "The next start did not answer /health within 60 s:\n" + next.Output);
        using var http = new HttpClient { BaseAddress = next.Url };
        var created = await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "After the crash" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("migration lock", next.Output);
    }

    [Fact]
    public async Task StartedFromAnotherFolderTheLogDefaultsHoldAndAspNetCoreUrlsIsHonoured()
    {
        // The working folder is a temporary one, not the dll's; ApiProcess gives the port in ASPNETCORE_URLS only.
        using var api = new ApiProcess(folder.Path, Database);
        Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), "No answer on the ASPNETCORE_URLS port:\n" + api.Output);
        using var http = new HttpClient { BaseAddress = api.Url };
        await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = "Quiet logs" });
        await http.GetAsync("/health");

        var output = api.Output;
        Assert.Contains("No accounts yet", output); // the service's own Information lines are there…
        Assert.DoesNotContain("Executed DbCommand", output); // …EF Core's SQL at Information is not (appsettings.json was read)
    }
}
