using System.Diagnostics;
using System.Text.Json;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Platform;

/// <summary>Logging:Console:FormatterName=json: every console line is one JSON object a log collector can read.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task WithTheJsonFormatEveryConsoleLineIsAJsonObjectAndRequestsKeepTheirFields()
    {
        using var folder = new TemporaryFolder();
        using var api = new ApiProcess(folder.Path, new()
        {
            ["ConnectionStrings__ContentHelper"] = $"Data Source={folder.DatabaseFile}",
            ["Logging__Console__FormatterName"] = "json",
        });
        Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), api.Output);
        using (var http = new HttpClient()) await http.GetAsync(new Uri(api.Url, "/health/live"));

        var request = await WaitForAsync(api, "\"Path\":\"/health/live\"");
        var lines = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        using var entry = JsonDocument.Parse(request);
        Assert.Equal("ContentHelper.Requests", entry.RootElement.GetProperty("Category").GetString());
        Assert.Equal(200, entry.RootElement.GetProperty("State").GetProperty("Status").GetInt32());
        Assert.EndsWith("Z", entry.RootElement.GetProperty("Timestamp").GetString()!.TrimEnd());
    }

    /// <summary>The request line is written after the answer: poll the output for it, within bounds.</summary>
    static async Task<string> WaitForAsync(ApiProcess api, string text)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (api.Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No line with {text}:\n{api.Output}");
    }
}
