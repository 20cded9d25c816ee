using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Data;

public static class StorageSetup
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        var connectionString = config.GetConnectionString("ContentHelper");
        // Features watch saves through interceptors they register (Matching queues new interest phrases for embedding).
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                connectionString ??= DefaultSqliteConnectionString();
                services.AddDbContext<AppDb, SqliteAppDb>((sp, o) => o.UseSqlite(connectionString)
                    .AddInterceptors(sp.GetServices<IInterceptor>().Append(SqliteSecureDelete.Instance)));
                break;
            case StorageProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Storage:Provider=Postgres needs ConnectionStrings:ContentHelper.");
                services.AddDbContext<AppDb, PostgresAppDb>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
                break;
            case StorageProvider.InMemory:
                // One database per process: a throwaway demo, gone at restart.
                var name = connectionString ?? "ContentHelper";
                services.AddDbContext<AppDb>((sp, o) => o.UseInMemoryDatabase(name).AddInterceptors(sp.GetServices<IInterceptor>()));
                break;
        }
        // Sign-in cookies and the provider round trip are protected with keys every instance must share: in the database.
        services.AddDataProtection().SetApplicationName("ContentHelper").PersistKeysToDbContext<AppDb>();
        services.AddHealthChecks().AddDbContextCheck<AppDb>("database").AddCheck<MigrationsHealth>("migrations");
        services.AddSingleton<DatabaseMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseMaintenance>());
        return services;
    }

    /// <summary>Creates or migrates the schema. Migrations keep existing rows; InMemory has no migrations.</summary>
    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (!db.Database.IsRelational())
        {
            await db.Database.EnsureCreatedAsync(ct);
            return;
        }
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ContentHelper.Storage");
        // One start migrates at a time, under a lock that dies with its owner (a start killed mid-migration blocks nobody).
        await using IAsyncDisposable? guard = db.Database.IsSqlite() ? await SqliteMigrationGuard.TakeAsync(db, options.MigrationLockTimeout, logger, ct)
            : db.Database.IsNpgsql() ? await PostgresMigrationGuard.TakeAsync(db, options.MigrationLockTimeout, logger, ct)
            : null;
        await db.Database.MigrateAsync(ct);
        EnsureDataProtectionKey(services);
    }

    /// <summary>
    /// Makes the first data-protection key while the migration lock is held, so that instances starting together on a
    /// new database agree on one key instead of each making its own on first use.
    /// </summary>
    static void EnsureDataProtectionKey(IServiceProvider services)
    {
        if (services.GetService<IKeyManager>() is not { } keys) return;
        var now = DateTimeOffset.UtcNow;
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(7))) return;
        keys.CreateNewKey(now, now.AddDays(90));
    }

    static string DefaultSqliteConnectionString()
    {
        var path = StorageOptions.DefaultSqlitePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder { DataSource = path }.ToString();
    }
}
