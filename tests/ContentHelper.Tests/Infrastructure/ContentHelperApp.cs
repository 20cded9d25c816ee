using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ContentHelper.Shared.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP with its own private SQLite database: an in-memory one per instance (kept alive by
/// one open connection) unless a file path is given. Migrations run at start-up exactly as in production.
/// </summary>
public sealed class ContentHelperApp : WebApplicationFactory<Program>
{
    /// <summary>
    /// A PostgreSQL server for the portable tests (test.sh starts one and sets it); each app gets its own
    /// database on it, created by the app's migrations and dropped afterwards.
    /// </summary>
    public static readonly string? Postgres = Environment.GetEnvironmentVariable("CONTENTHELPER_TEST_POSTGRES");

    readonly SqliteConnection? keepAlive;
    readonly string? postgresDatabase;
    readonly Dictionary<string, string?> settings;

    public TestClock Clock { get; } = new();
    public string ConnectionString => settings["ConnectionStrings:ContentHelper"]!;
    public ConcurrentQueue<string> Logs { get; } = new();

    readonly bool withModel;

    /// <summary>Services a test adds on top of the app's (an in-memory telemetry exporter, say); set before the first request.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public ContentHelperApp(Dictionary<string, string?>? settings = null, string? databaseFile = null, bool withModel = false)
    {
        this.withModel = withModel;
        string connectionString;
        var provider = "Sqlite";
        if (Postgres is not null)
        {
            // The same test twice on one file name (restart tests) must reach the same database.
            postgresDatabase = "ch_test_" + (databaseFile is null ? Guid.NewGuid().ToString("N") : Hash(databaseFile));
            connectionString = new NpgsqlConnectionStringBuilder(Postgres) { Database = postgresDatabase }.ToString();
            provider = "Postgres";
        }
        else if (databaseFile is null)
        {
            connectionString = $"Data Source=file:test-{Guid.NewGuid():N}?mode=memory&cache=shared";
            keepAlive = new SqliteConnection(connectionString);
            keepAlive.Open();
        }
        else
        {
            connectionString = $"Data Source={databaseFile};Pooling=False";
        }
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ContentHelper"] = connectionString,
            ["Storage:Provider"] = provider,
            // Most tests match lexically: deterministic, and no 90 MB model per app. Tests of semantic
            // matching pass withModel and share one loaded model (see SharedModel).
            ["Matching:UseEmbeddings"] = "false",
            // The time budgets guard a server against abuse; a test machine busy with other work is not abuse (the
            // default 5 s answered 503 under load). Tests of the budgets set their own.
            ["Suggestions:TimeBudget"] = "00:01:00",
            ["Articles:TimeBudget"] = "00:00:30",
            // Likewise the wait for a new article's meaning: on a busy test machine a page would turn lexical and a
            // test of semantic matching fail for the machine's sake (FirstClickTests set their own).
            ["Matching:ArticleEmbedWait"] = "00:01:00",
            // Compiling the suggestion path at start matters to a real first click, not to hundreds of test apps in
            // one process (FirstClickTests switch it on).
            ["Suggestions:WarmUp"] = "false",
        };
        if (withModel) this.settings["Matching:UseEmbeddings"] = "true";
        foreach (var (key, value) in settings ?? []) this.settings[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (withModel) services.AddSingleton(SharedModel.Embedder);
            TestServices?.Invoke(services);
        });
    }

    public T Db<T>(Func<AppDb, T> query)
    {
        using var scope = Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    /// <summary>Waits until every interest phrase queued so far has its vector: they are embedded off the request path.</summary>
    public Task EmbeddedAsync() => Services.GetRequiredService<InterestIndexes>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>A client signed in as a new account.</summary>
    public async Task<HttpClient> SignUpAsync(string name = "Ana")
    {
        var (client, _) = await SignUpWithAccountAsync(name);
        return client;
    }

    public async Task<(HttpClient Client, CreateAccountResponse Account)> SignUpWithAccountAsync(string name = "Ana")
    {
        var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = name });
        response.EnsureSuccessStatusCode();
        var account = (await response.Content.ReadFromJsonAsync<CreateAccountResponse>(Json.Options))!;
        return (Authorized(account.Token), account);
    }

    public HttpClient Authorized(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Serves the app on a real loopback socket (Kestrel) at <paramref name="url"/> instead of the in-memory test server,
    /// for tests where a browser and another server (an identity provider) must reach it.
    /// </summary>
    public Uri ServeOnLoopback(Uri url)
    {
        UseKestrel(url.Port);
        StartServer();
        return url;
    }

    /// <summary>A free loopback address for <see cref="ServeOnLoopback"/>, known before the app starts.</summary>
    public static Uri FreeLoopbackUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}");
    }

    /// <summary>Drops this app's PostgreSQL database (restart tests call it once, after the last app).</summary>
    public void DropPostgresDatabase()
    {
        if (postgresDatabase is not null) SharedDatabase.DropPostgres(postgresDatabase);
    }

    bool keepDatabase;

    /// <summary>Keeps the PostgreSQL database at dispose, for a test that restarts the app on the same data.</summary>
    public ContentHelperApp KeepDatabase() { keepDatabase = true; return this; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        keepAlive?.Dispose();
        if (!keepDatabase) DropPostgresDatabase();
    }

    static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant();
}

/// <summary>One loaded embedding model for every app of the run; registered as an instance, so no app disposes it.</summary>
static class SharedModel
{
    static readonly Lazy<TextEmbedder> Lazy = new(() =>
    {
        var embedder = new TextEmbedder(Options.Create(new MatchingOptions()), NullLogger<TextEmbedder>.Instance);
        embedder.StartLoading().GetAwaiter().GetResult();
        return embedder;
    });

    public static TextEmbedder Embedder => Lazy.Value;
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

sealed class QueueLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, sink);
    public void Dispose() { }

    sealed class QueueLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
