namespace ContentHelper.Api.Suggestions;

/// <summary>
/// A suggestion call's time budget: a token for the awaited steps (parse, queries, embedding), and a clock read
/// between the steps, which does not wait for a timer that a busy thread pool may run late.
/// </summary>
internal sealed class Budget : IDisposable
{
    readonly CancellationTokenSource source;
    readonly TimeSpan limit;
    readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();

    public Budget(TimeSpan limit, CancellationToken aborted)
    {
        this.limit = limit;
        source = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        source.CancelAfter(limit);
    }

    public CancellationToken Token => source.Token;

    public bool IsOver => source.IsCancellationRequested || System.Diagnostics.Stopwatch.GetElapsedTime(started) > limit;

    public void Check()
    {
        if (IsOver) source.Cancel();
        source.Token.ThrowIfCancellationRequested();
    }

    public void Dispose() => source.Dispose();
}
