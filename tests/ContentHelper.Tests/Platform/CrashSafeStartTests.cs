using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// SIGKILL at any moment (while starting, while migrating, in the middle of a 10,000-row import) never blocks the
/// next start nor leaves half of anything: the built service in real processes, on SQLite and on PostgreSQL.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class CrashSafeStartTests(ITestOutputHelper output) : IDisposable
{
    // The goal is 15 s on a quiet machine (docs/performance.md has the times measured); the bound is generous for
    // shared CI cores. A start blocked by a lock left behind would wait for Storage:MigrationLockTimeout, set far
    // beyond it, so a hang still fails here.
    static readonly TimeSpan NextStartBudget = TimeSpan.FromSeconds(60);
    readonly SharedDatabase database = new();
    public void Dispose() => database.Dispose();

    ApiProcess Start(Dictionary<string, string>? extra = null)
    {
        var environment = database.Environment();
        environment["Storage__MigrationLockTimeout"] = "00:10:00";
        foreach (var (key, value) in extra ?? []) environment[key] = value;
        return new ApiProcess(database.Folder, environment);
    }

    async Task<ApiProcess> StartHealthy(string after)
    {
        var api = Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await api.HealthyWithinAsync(NextStartBudget), $"No /health within {NextStartBudget.TotalSeconds} s {after}:\n{api.Output}");
        output.WriteLine($"/health answered {clock.Elapsed.TotalSeconds:F1} s after the start {after}");
        return api;
    }

    [Fact]
    public async Task StartsKilledAtAnyMomentOfStartUpNeverBlockTheNextOne()
    {
        // From "the database has just appeared" (the schema is being written) to later in the start; each kill
        // lands on whatever the previous ones left.
        foreach (var delay in new[] { 0, 50, 150, 400, 900 })
        {
            using var killed = Start();
            for (var i = 0; i < 3000 && !database.Exists() && !killed.HasExited; i++) await Task.Delay(10);
            await Task.Delay(delay);
            killed.Kill();
        }
        using var next = await StartHealthy("after five killed starts");
        using var http = new HttpClient { BaseAddress = next.Url };
        Assert.Equal(HttpStatusCode.Created, (await http.Post("/api/accounts", new CreateAccountRequest { Name = "After the crashes" })).StatusCode);
    }

    [Fact]
    public async Task AStartWaitingOnAnotherStartsMigrationGoesOnWhenThatStartDies()
    {
        var holder = database.HoldMigrationLock();
        using var waiting = Start();
        for (var i = 0; i < 600 && !waiting.Output.Contains("Waiting for another start") && !waiting.HasExited; i++) await Task.Delay(50);
        Assert.Contains("Waiting for another start", waiting.Output);

        holder.Dispose(); // the other start's process (or session) ends without a word
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await waiting.HealthyWithinAsync(NextStartBudget), "The waiting start did not go on:\n" + waiting.Output);
        output.WriteLine($"/health answered {clock.Elapsed.TotalSeconds:F1} s after the lock's owner went away");
    }

    [Fact]
    public async Task AStartThatCannotTakeTheMigrationLockStopsWithAClearError()
    {
        using var holder = database.HoldMigrationLock();
        using var waiting = Start(new() { ["Storage__MigrationLockTimeout"] = "00:00:03" });
        Assert.True(await waiting.ExitsWithinAsync(TimeSpan.FromSeconds(60)), "The start waited past its timeout:\n" + waiting.Output);
        Assert.NotEqual(0, waiting.ExitCode);
        Assert.Contains("Waiting for another start", waiting.Output);
        Assert.Contains("Storage:MigrationLockTimeout", waiting.Output);
    }

    [Fact]
    public async Task AnImportKilledMidwayIsWholeOrAbsentAfterTheNextStart()
    {
        string token;
        using (var api = await StartHealthy("on a fresh database"))
        {
            using var anonymous = new HttpClient { BaseAddress = api.Url };
            token = (await (await anonymous.Post("/api/accounts", new CreateAccountRequest { Name = "Importer" })).Read<CreateAccountResponse>(HttpStatusCode.Created)).Token;
        }

        // Kills early and late in the apply; a file of new people each time, so each import adds exactly 10,000.
        var outcomes = new List<string>();
        foreach (var (delay, round) in new[] { 400, 1500, 3000 }.Select((d, i) => (d, i)))
        {
            using var api = await StartHealthy($"before import round {round}");
            using var client = Authorized(api, token);
            var import = client.Upload(Connections(round));
            await Task.WhenAny(import, Task.Delay(delay));
            var finished = import.IsCompleted;
            api.Kill();
            outcomes.Add($"round {round}: killed after {delay} ms, {(finished ? "after the answer" : "before the answer")}");
        }

        using var last = await StartHealthy("after the killed imports");
        using var check = Authorized(last, token);
        var contacts = (await (await check.GetAsync("/api/contacts?pageSize=1")).Read<PagedResponse<ContactResponse>>()).Total;
        var imports = (await (await check.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>()).Count;
        Assert.True(contacts == 10_000 * imports, $"{contacts} contacts from {imports} recorded imports ({string.Join("; ", outcomes)})");

        // A killed import can simply be sent again: afterwards the first file is there whole, once.
        var retried = await check.Upload(Connections(0));
        Assert.True(retried.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        var now = (await (await check.GetAsync("/api/contacts?q=Person0&pageSize=1")).Read<PagedResponse<ContactResponse>>()).Total;
        Assert.Equal(10_000, now);
    }

    static HttpClient Authorized(ApiProcess api, string token)
    {
        var client = new HttpClient { BaseAddress = api.Url, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A LinkedIn export of 10,000 people, different people for each round.</summary>
    static byte[] Connections(int round)
    {
        var csv = new StringBuilder("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for (var i = 0; i < 10_000; i++)
            csv.Append($"Person{round},Number{i},https://www.linkedin.com/in/p{round}-{i},p{round}.{i}@example.com,Company {i % 97},Engineer,1 Feb 2024\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
