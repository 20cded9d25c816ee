using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ContentHelper.Api.Platform;

/// <summary>
/// Once a minute, when the process has grown since the last look, hands glibc's free native memory back to the system
/// (<c>malloc_trim</c>). ONNX Runtime and the runtime allocate from glibc's malloc, which keeps what they free in the
/// arena that held it (one per thread that met contention, up to 8 per core) and returns only the top of each heap by
/// itself; after long pages the arenas held ~127 MB resident, with this ~85 MB, and the 5-minute long-page mixed run
/// peaked at 575–580 instead of 594–613 MB at the same throughput (docs/performance.md, issue 26 item 7). A trim takes
/// a few milliseconds, off the request path. Nothing to do without glibc (musl, macOS, Windows).
/// </summary>
internal sealed class HeapTrimmer(ILogger<HeapTrimmer> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var timer = new PeriodicTimer(Interval);
        var last = Environment.WorkingSet;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var before = Environment.WorkingSet;
            if (before <= last) continue;
            var started = Stopwatch.GetTimestamp();
            try
            {
                malloc_trim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return;
            }
            last = Environment.WorkingSet;
            logger.LogDebug("Trimmed the native heap in {Ms:F1} ms: {Before} → {After} MB resident",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, before >> 20, last >> 20);
        }
    }

    [DllImport("libc.so.6", ExactSpelling = true)]
    static extern int malloc_trim(nuint pad);
}
