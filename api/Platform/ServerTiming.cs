using System.Diagnostics;
using System.Globalization;

namespace ContentHelper.Api.Platform;

/// <summary>Adds a Server-Timing header (W3C) with the duration of each named step, written when the response starts.</summary>
public sealed class ServerTiming
{
    readonly List<string> entries = [];
    long last = Stopwatch.GetTimestamp();

    public ServerTiming(HttpResponse response) =>
        response.OnStarting(() =>
        {
            if (entries.Count > 0) response.Headers.Append("Server-Timing", string.Join(", ", entries));
            return Task.CompletedTask;
        });

    /// <summary>Ends the step that began at the previous mark.</summary>
    public void Mark(string name)
    {
        var now = Stopwatch.GetTimestamp();
        entries.Add(Entry(name, Stopwatch.GetElapsedTime(last, now).TotalMilliseconds));
        last = now;
    }

    static string Entry(string name, double ms) => name + ";dur=" + ms.ToString("F1", CultureInfo.InvariantCulture);
}
