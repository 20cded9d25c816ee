using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Xunit.Abstractions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// A client that sends its body slowly holds nothing that other accounts need, and is cut off once its body is
/// later than its size allows. Needs a real socket: the test server hands a body over at once.
/// </summary>
public sealed class SlowBodyTests(ITestOutputHelper output) : IDisposable
{
    readonly TemporaryFolder folder = new();
    public void Dispose() => folder.Dispose();

    // The body may take 2 s plus its size at 25,000 bytes a second: 6 s for the 100,000 bytes announced below.
    // The slow client sends 30 bytes every 100 ms (300 bytes a second, above Kestrel's own floor of 240), so it
    // would need 333 s.
    const int AnnouncedLength = 100_000;
    static readonly TimeSpan Allowed = TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(AnnouncedLength / 25_000.0);

    [Fact]
    public async Task ASlowBodyHoldsNoExpensiveSlotAndIsCutOffWith408ProblemDetails()
    {
        using var api = new ApiProcess(folder.Path, new()
        {
            ["ConnectionStrings__ContentHelper"] = $"Data Source={folder.DatabaseFile};Pooling=False",
            ["Limits__ExpensiveConcurrency"] = "1",
            ["Limits__BodyTimeout"] = "00:00:02",
            ["Limits__MinBodyBytesPerSecond"] = "25000",
        });
        Assert.True(await api.HealthyWithinAsync(TimeSpan.FromSeconds(60)), "The API did not start:\n" + api.Output);
        using var http = new HttpClient { BaseAddress = api.Url, Timeout = Timeout.InfiniteTimeSpan };
        var slowToken = await SignUpAsync(http, "Slow");
        var otherToken = await SignUpAsync(http, "Other");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherToken);
        (await http.PostAsJsonAsync("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] }, Json.Options)).EnsureSuccessStatusCode();
        var page = new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() };
        (await http.PostAsJsonAsync("/api/suggestions", page, Json.Options)).EnsureSuccessStatusCode(); // warm: the first call compiles a lot

        var clock = Stopwatch.StartNew();
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, api.Url.Port);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/suggestions HTTP/1.1\r\nHost: {api.Url.Authority}\r\nAuthorization: Bearer {slowToken}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {AnnouncedLength}\r\n\r\n"));
        var answer = ReadResponseAsync(stream, clock);
        var underWay = new TaskCompletionSource();
        var trickle = Task.Run(async () =>
        {
            // Valid JSON as far as it goes: a parser reading along finds nothing wrong, only an html string without end.
            var chunk = Encoding.ASCII.GetBytes("{\"url\":\"https://slow.example\",\"html\":\"");
            // Bounded: 60 s of trickling at most; it stops as soon as the server has answered.
            for (var i = 0; i < 600 && !answer.IsCompleted; i++)
            {
                try { await stream.WriteAsync(chunk); }
                catch (IOException) { break; } // the server closed the connection
                if (i == 10) underWay.TrySetResult();
                chunk = Encoding.ASCII.GetBytes(new string('a', 30));
                await Task.Delay(100);
            }
            underWay.TrySetResult();
        });

        // One second into the slow body, another account asks for suggestions.
        await underWay.Task;
        var asked = clock.Elapsed;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage other;
        try
        {
            other = await http.PostAsJsonAsync("/api/suggestions", page, Json.Options, patience.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Another account's suggestions got no answer within 30 s while a slow body was arriving (asked at {asked.TotalSeconds:F1} s)");
            throw;
        }
        var otherAnswered = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        var (response, slowAnswered) = await answer.WaitAsync(TimeSpan.FromSeconds(60));
        await trickle;
        output.WriteLine($"other account asked at {asked.TotalSeconds:F2} s, answered at {otherAnswered.TotalSeconds:F2} s; " +
                         $"the slow body was cut off at {slowAnswered.TotalSeconds:F2} s (allowed {Allowed.TotalSeconds:F1} s)");
        Assert.True(otherAnswered < slowAnswered, "the other account was answered only after the slow body ended");
        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.Contains("application/problem+json", response);
        Assert.Contains("arrived too slowly", response);
        // Cut off at the time its size allows, not before (and not minutes later).
        Assert.InRange(slowAnswered, Allowed, Allowed + TimeSpan.FromSeconds(10));
    }

    static async Task<string> SignUpAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/accounts", new CreateAccountRequest { Name = name }, Json.Options);
        return (await response.Read<CreateAccountResponse>(HttpStatusCode.Created)).Token;
    }

    /// <summary>The raw response, complete once the server closes the connection or the body it announced has arrived.</summary>
    static async Task<(string Text, TimeSpan At)> ReadResponseAsync(NetworkStream stream, Stopwatch clock)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try { read = await stream.ReadAsync(buffer); }
            catch (IOException) { read = 0; }
            if (read == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var head = text[..end];
            var body = text[(end + 4)..];
            if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? body.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
                : System.Text.RegularExpressions.Regex.Match(head, @"Content-Length: (\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } length
                  && Encoding.UTF8.GetByteCount(body) >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                break;
        }
        return (received.ToString(), clock.Elapsed);
    }
}
