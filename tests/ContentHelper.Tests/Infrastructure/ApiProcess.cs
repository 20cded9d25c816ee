using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>
/// The built API as operators run it: <c>dotnet ContentHelper.Api.dll</c> in a process of its own, with the
/// environment and working folder a test chooses, on a free loopback port. Output is kept; the process is
/// killed (by its own handle) at dispose.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    public Uri Url { get; }
    public string Output { get { lock (output) return output.ToString(); } }
    public bool HasExited => process.HasExited;
    public int Id => process.Id;

    /// <summary>The API's build output next to this test build (same configuration).</summary>
    public static string Dll
    {
        get
        {
            var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)); // …/bin/Release/net10.0
            var configuration = output.Parent!.Name;
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "ContentHelper.sln"))) root = root.Parent;
            return Path.Combine(root!.FullName, "api", "bin", configuration, "net10.0", "ContentHelper.Api.dll");
        }
    }

    /// <param name="workingFolder">Where the process starts: not the dll's folder, as a service manager may choose.</param>
    /// <param name="environment">Variables on top of this process's; the URL goes in ASPNETCORE_URLS unless <paramref name="args"/> name one.</param>
    public ApiProcess(string workingFolder, Dictionary<string, string> environment, params string[] args)
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_URLS"] = Url.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Matching__UseEmbeddings"] = "false";
        // As in ContentHelperApp: the abuse budgets are not what these tests are about, and a busy machine is not abuse.
        start.Environment["Suggestions__TimeBudget"] = "00:01:00";
        start.Environment["Articles__TimeBudget"] = "00:00:30";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Polls GET /health until it answers 200, the process exits, or <paramref name="within"/> passes.</summary>
    public async Task<bool> HealthyWithinAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within && !process.HasExited)
        {
            // A slow answer is still an answer: on busy shared cores a first /health can take seconds, and a short
            // per-request timeout would throw every one of them away until the budget is spent.
            using var attempt = new CancellationTokenSource(TimeSpan.FromTicks(Math.Max(1, (within - deadline.Elapsed).Ticks)));
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/health"), attempt.Token)).StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException) { }
            catch (OperationCanceledException) { }
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>Waits for the process to end by itself; false if it is still running after <paramref name="within"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public int ExitCode => process.ExitCode;

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or an operator kills a start.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
