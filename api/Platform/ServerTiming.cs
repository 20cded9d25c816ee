using System.Diagnostics;
using System.Globalization;

namespace ContentHelper.Api.Platform;

/// <summary>
/// Adds a Server-Timing header (W3C) with the duration of each named step, written when the response starts. Each step
/// is also a span ("suggestion.{step}", a child of the request's) and a point of the stage-duration metric, for
/// whoever listens (<see cref="Telemetry"/>).
/// </summary>
public sealed class ServerTiming
{
    readonly List<string> entries = [];
    readonly AppMetrics? metrics;
    long last = Stopwatch.GetTimestamp();

    public ServerTiming(HttpResponse response)
    {
        metrics = response.HttpContext.RequestServices.GetService<AppMetrics>();
        response.OnStarting(() =>
        {
            if (entries.Count > 0) response.Headers.Append("Server-Timing", string.Join(", ", entries));
            return Task.CompletedTask;
        });
    }

    /// <summary>Ends the step that began at the previous mark.</summary>
    public void Mark(string name)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(last, now);
        entries.Add(Entry(name, elapsed.TotalMilliseconds));
        last = now;
        metrics?.Stage(name, elapsed);
        // The step is known when it ends: its span is started back then and ended now.
        if (Telemetry.Source.HasListeners())
        {
            var end = DateTimeOffset.UtcNow;
            using var span = Telemetry.Source.StartActivity("suggestion." + name, ActivityKind.Internal, parentContext: default,
                tags: [new("contenthelper.stage", name)], startTime: end - elapsed);
            span?.SetEndTime(end.UtcDateTime);
        }
    }

    static string Entry(string name, double ms) => name + ";dur=" + ms.ToString("F1", CultureInfo.InvariantCulture);
}
