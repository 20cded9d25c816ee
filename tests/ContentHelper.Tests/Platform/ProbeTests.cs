using System.Net;
using System.Text.Json;
using ContentHelper.Tests.Infrastructure;
using Npgsql;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// /health/live answers while the process does; /health/ready only while it can serve: database reachable, schema
/// migrated. A model still loading is reported, but holds no traffic back.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class ProbeTests
{
    [Fact]
    public async Task ReadinessFailsWhileTheDatabaseIsUnreachableAndRecoversWhileLivenessNeverFails()
    {
        // SQLite: the data folder goes away (an unmounted volume); PostgreSQL: the server stops answering (a proxy cut).
        using var folder = new TemporaryFolder();
        using var forwarder = ContentHelperApp.Postgres is null ? null : ForwarderToPostgres();
        var database = forwarder is null ? null : "ch_test_probe_" + Guid.NewGuid().ToString("N");
        var dataFolder = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(dataFolder);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ContentHelper"] = forwarder is null
                ? $"Data Source={Path.Combine(dataFolder, "contenthelper.db")};Pooling=False"
                : new NpgsqlConnectionStringBuilder(ContentHelperApp.Postgres) { Port = forwarder.Port, Database = database, Timeout = 5 }.ToString(),
        };
        try
        {
            using var app = new ContentHelperApp(settings);
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            if (forwarder is null) Directory.Move(dataFolder, dataFolder + "-away"); else forwarder.Cut();
            var down = await client.GetAsync("/health/ready");
            var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("Unhealthy", Check(await down.Content.ReadAsStringAsync(), "database"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            if (forwarder is null) Directory.Move(dataFolder + "-away", dataFolder); else forwarder.Restore();
            var up = await client.GetAsync("/health/ready");
            Assert.True(up.StatusCode == HttpStatusCode.OK, await up.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            if (database is not null) SharedDatabase.DropPostgres(database);
        }
    }

    [Fact]
    public async Task ReadinessNamesTheChecksAndLivenessRunsNone()
    {
        using var app = new ContentHelperApp();
        var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal("Healthy", Check(body, "database"));
        Assert.Equal("Healthy", Check(body, "migrations"));
        Assert.Equal("Healthy", Check(body, "matching"));
        using var liveBody = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", liveBody.RootElement.GetProperty("status").GetString());
        Assert.Empty(liveBody.RootElement.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task AModelStillLoadingIsReportedWithoutFailingReadiness()
    {
        // A model file that is a pipe nobody writes to: reading it waits, so the model stays "loading" for as long
        // as this test wants.
        using var folder = new TemporaryFolder();
        var model = Path.Combine(folder.Path, "model.onnx");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", model)) await mkfifo.WaitForExitAsync();
        using var app = new ContentHelperApp(new() { ["Matching:UseEmbeddings"] = "true", ["Matching:ModelDirectory"] = folder.Path });
        try
        {
            var ready = await app.CreateClient().GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Equal("Degraded", Check(body, "matching"));
            Assert.Contains("The embedding model is loading", body);
        }
        finally
        {
            // Let the load end (it fails on an empty model) so that nothing waits on the pipe after the test.
            await using var writer = new FileStream(model, FileMode.Open, FileAccess.Write);
        }
    }

    static string? Check(string body, string name)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();
    }

    static TcpForwarder ForwarderToPostgres()
    {
        var server = new NpgsqlConnectionStringBuilder(ContentHelperApp.Postgres);
        return new TcpForwarder(server.Host!, server.Port);
    }
}
