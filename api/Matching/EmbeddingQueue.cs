using System.Diagnostics;

namespace ContentHelper.Api.Matching;

/// <summary>
/// The background work of matching, shared fairly between accounts. Interest phrases wait for a vector in a queue
/// per account, and a batch takes one phrase from each account in turn: an account that queued 25,000 phrases delays
/// another account's first phrase by one batch, not by its backlog. An account holds at most
/// <see cref="MatchingOptions.MaxQueuedPhrasesPerAccount"/> phrases here at once; what does not fit stays lexical
/// until the account's index is next built, which queues its phrases without vectors again. Besides, a sweep of the
/// stored vectors nobody uses any more is due at start and after contacts are deleted or changed, at most one per
/// <see cref="MatchingOptions.VectorSweepInterval"/>.
/// </summary>
internal sealed class EmbeddingQueue(int perAccount, TimeSpan sweepInterval) : IDisposable
{
    /// <summary>One account's phrases waiting, in the order they came, without repeats.</summary>
    sealed class Share
    {
        public readonly Queue<string> Order = new();
        public readonly HashSet<string> Waiting = new(StringComparer.Ordinal);
    }

    /// <summary>What the worker does next: embed these phrases, or sweep unused vectors (<see cref="Phrases"/> empty).</summary>
    public sealed record Work(IReadOnlyList<string> Phrases)
    {
        public bool IsSweep => Phrases.Count == 0;
    }

    readonly Lock gate = new();
    readonly Dictionary<Guid, Share> shares = [];
    readonly Queue<Guid> turns = new(); // the accounts with phrases waiting, in turn
    // Every phrase queued by any account: false while it waits, true while it is embedded. A phrase that several
    // accounts queued (phrases are shared by text) is embedded once, in whichever account's turn comes first.
    readonly Dictionary<string, bool> phrases = new(StringComparer.Ordinal);
    readonly SemaphoreSlim arrived = new(0);
    // A sweep is due at start, for deletions this instance did not see (another instance's, or before an upgrade).
    bool sweepAsked = true;
    TaskCompletionSource idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    bool sweeping;
    long lastSweep;
    long accepted;

    /// <summary>Phrases waiting or being embedded.</summary>
    public int Count
    {
        get { lock (gate) return phrases.Count; }
    }

    /// <summary>How many of an account's phrases wait for their turn.</summary>
    public int Waiting(Guid accountId)
    {
        lock (gate) return shares.TryGetValue(accountId, out var share) ? share.Order.Count : 0;
    }

    /// <summary>Phrases accepted into the queue since start (a phrase queued again counts again).</summary>
    public long Accepted
    {
        get { lock (gate) return accepted; }
    }

    /// <summary>Completes once nothing waits: no phrase queued or embedded, and no sweep running or due now.</summary>
    public Task WhenIdleAsync(CancellationToken ct)
    {
        lock (gate) return idle.Task.WaitAsync(ct);
    }

    /// <summary>Queues an account's phrases (normalised keys), as many as its share has room for.</summary>
    public void Enqueue(Guid accountId, IEnumerable<string> keys)
    {
        lock (gate)
        {
            if (!shares.TryGetValue(accountId, out var share)) share = new Share();
            foreach (var key in keys)
            {
                if (share.Order.Count >= perAccount) break;
                if (phrases.TryGetValue(key, out var embedding) && embedding) continue;
                if (!share.Waiting.Add(key)) continue;
                share.Order.Enqueue(key);
                phrases.TryAdd(key, false);
                accepted++;
            }
            if (share.Order.Count > 0 && shares.TryAdd(accountId, share)) turns.Enqueue(accountId);
            Changed();
        }
    }

    /// <summary>Phrases embedded and stored, or given up on: a later request may queue them again.</summary>
    public void Done(IEnumerable<string> keys)
    {
        lock (gate)
        {
            foreach (var key in keys) phrases.Remove(key);
            Changed();
        }
    }

    /// <summary>Asks for a sweep of unused vectors: at once, or when the interval since the last one has passed.</summary>
    public void AskSweep()
    {
        lock (gate)
        {
            sweepAsked = true;
            Changed();
        }
    }

    /// <summary>Ends a sweep; one that failed is asked for again.</summary>
    public void SweepDone(bool failed)
    {
        lock (gate)
        {
            sweeping = false;
            sweepAsked |= failed;
            lastSweep = Stopwatch.GetTimestamp();
            Changed();
        }
    }

    /// <summary>Waits for the next work: a due sweep first, else up to <paramref name="max"/> phrases, one account at a time.</summary>
    public async Task<Work> NextAsync(int max, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                if (sweepAsked && SweepWait() <= TimeSpan.Zero)
                {
                    sweepAsked = false;
                    sweeping = true;
                    Changed();
                    return new Work([]);
                }
                var batch = Take(max);
                if (batch.Count > 0) return new Work(batch);
                wait = sweepAsked ? SweepWait() : Timeout.InfiniteTimeSpan;
            }
            await arrived.WaitAsync(wait, ct);
        }
    }

    List<string> Take(int max)
    {
        var batch = new List<string>();
        while (batch.Count < max && turns.TryDequeue(out var accountId))
        {
            var share = shares[accountId];
            while (share.Order.TryDequeue(out var key))
            {
                share.Waiting.Remove(key);
                // Skipped when another account's turn took it first, or it was stored meanwhile.
                if (phrases.TryGetValue(key, out var embedding) && !embedding)
                {
                    phrases[key] = true;
                    batch.Add(key);
                    break;
                }
            }
            if (share.Order.Count > 0) turns.Enqueue(accountId);
            else shares.Remove(accountId);
        }
        return batch;
    }

    TimeSpan SweepWait() => lastSweep == 0 ? TimeSpan.Zero : sweepInterval - Stopwatch.GetElapsedTime(lastSweep);

    /// <summary>Wakes the worker and keeps <see cref="WhenIdleAsync"/> true to the state; called under the lock.</summary>
    void Changed()
    {
        if (arrived.CurrentCount == 0) arrived.Release();
        // A sweep put off by the interval is not waited for: it may be minutes away.
        var busy = phrases.Count > 0 || sweeping || (sweepAsked && SweepWait() <= TimeSpan.Zero);
        if (!busy) idle.TrySetResult();
        else if (idle.Task.IsCompleted) idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Dispose() => arrived.Dispose();
}
