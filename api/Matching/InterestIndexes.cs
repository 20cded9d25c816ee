using System.Collections.Concurrent;
using System.Threading.Channels;
using ContentHelper.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Each account's <see cref="InterestIndex"/>, built from the database and kept in memory while the account's
/// contacts are unchanged (checked per request with one cheap count/max/sum query, so several API instances stay
/// correct without talking to each other). Phrase vectors come from the <see cref="InterestVector"/> table; a
/// phrase without one is matched lexically and queued for <see cref="InterestEmbedding"/>, off the request path.
/// </summary>
internal sealed class InterestIndexes(IOptions<MatchingOptions> options, ILogger<InterestIndexes> logger) : IDisposable
{
    sealed record Entry(int Count, DateTime? LastUpdate, long Versions, long Generation, DateTime BuiltAt, InterestIndex Index);

    /// <summary>A vector stored by another instance reaches this one's index within this time at most.</summary>
    static readonly TimeSpan IncompleteIndexLifetime = TimeSpan.FromSeconds(30);

    // Bounded by the phrases the indexes hold (~1.5 KB each with their vector): the least recently used
    // accounts' indexes go first and are rebuilt from the database when those users come back.
    readonly MemoryCache byAccount = new(new MemoryCacheOptions { SizeLimit = 500_000 });
    readonly ConcurrentDictionary<string, float[]> vectors = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte> queued = new(StringComparer.Ordinal);
    readonly Channel<string> pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    long generation;

    public ChannelReader<string> Pending => pending.Reader;

    /// <summary>Phrases queued or being embedded.</summary>
    public int PendingCount => queued.Count;

    public async Task<InterestIndex> ForAccountAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId);
        // Every write of a contact raises its version, so the sum moves even when the newest change time does not
        // (an edit by an instance whose clock is behind, or two writes within one tick).
        var stamp = await contacts.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), LastUpdate = g.Max(c => (DateTime?)c.UpdatedAt), Versions = g.Sum(c => (long)c.Version) })
            .FirstOrDefaultAsync(ct);
        var (count, lastUpdate, versions) = stamp is null ? (0, null, 0L) : (stamp.Count, stamp.LastUpdate, stamp.Versions);
        var now = DateTime.UtcNow;
        if (byAccount.TryGetValue(accountId, out Entry? cached) && cached is not null && cached.Count == count && cached.LastUpdate == lastUpdate
            && cached.Versions == versions
            && (cached.Index.PhrasesWithoutVectors.Count == 0
                || (cached.Generation == Interlocked.Read(ref generation) && now - cached.BuiltAt < IncompleteIndexLifetime)))
            return cached.Index;

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var gen = Interlocked.Read(ref generation);
        var rows = await contacts.Select(c => new { c.Id, c.Interests }).ToListAsync(ct);
        var phrases = InterestIndex.DistinctPhrases(rows.Select(r => (IReadOnlyList<string>)r.Interests));
        await LoadVectorsAsync(db, phrases.Where(p => !vectors.ContainsKey(p)).ToList(), ct);
        var index = InterestIndex.Build(rows.Select(r => (r.Id, (IReadOnlyList<string>)r.Interests)),
            p => vectors.TryGetValue(p, out var v) ? v : null);
        Enqueue(index.PhrasesWithoutVectors);
        byAccount.Set(accountId, new Entry(count, lastUpdate, versions, gen, now, index),
            new MemoryCacheEntryOptions { Size = index.PhraseCount + index.ContactCount / 16 + 1 });
        logger.LogDebug("Built the interest index of {Contacts} contacts, {Phrases} phrases ({Missing} without vectors) in {Ms:F0} ms",
            index.ContactCount, index.PhraseCount, index.PhrasesWithoutVectors.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return index;
    }

    public void Dispose() => byAccount.Dispose();

    /// <summary>Queues phrases for embedding (each once), e.g. straight after contacts are saved or imported.</summary>
    public void Enqueue(IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases.Select(InterestIndex.Normalize))
            if (phrase.Length > 0 && !vectors.ContainsKey(phrase) && queued.TryAdd(phrase, 0))
                pending.Writer.TryWrite(phrase);
    }

    /// <summary>Makes freshly stored vectors visible to the next request of every account.</summary>
    public void Stored(IReadOnlyDictionary<string, float[]> added)
    {
        foreach (var (phrase, vector) in added)
        {
            vectors[phrase] = vector;
            queued.TryRemove(phrase, out _);
        }
        Interlocked.Increment(ref generation);
    }

    /// <summary>Forgets a phrase that could not be embedded, so a later request may queue it again.</summary>
    public void Failed(IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases) queued.TryRemove(phrase, out _);
    }

    async Task LoadVectorsAsync(AppDb db, List<string> phrases, CancellationToken ct)
    {
        var model = options.Value.VectorModel;
        // In chunks: an IN list of thousands of parameters is slow on SQLite and capped on other providers.
        foreach (var chunk in phrases.Chunk(500))
        {
            var found = await db.InterestVectors.AsNoTracking()
                .Where(v => v.Model == model && chunk.Contains(v.Phrase))
                .Select(v => new { v.Phrase, v.Vector })
                .ToListAsync(ct);
            foreach (var row in found)
                vectors[row.Phrase] = InterestIndex.FromBytes(row.Vector);
        }
    }
}

/// <summary>
/// Embeds queued interest phrases in batches in the background and stores their vectors, so that saving or
/// importing thousands of contacts never waits for the model.
/// </summary>
internal sealed class InterestEmbedding(
    InterestIndexes indexes, InterestMatcher matcher, TextEmbedder embedder, IServiceScopeFactory scopes, IOptions<MatchingOptions> options,
    ILogger<InterestEmbedding> logger) : BackgroundService
{
    const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (embedder.State == EmbedderState.Disabled) return;
        var reader = indexes.Pending;
        var batch = new List<string>(BatchSize);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var phrase)) batch.Add(phrase);
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var embedded = await matcher.EmbedPhrasesAsync(batch, stoppingToken);
                await StoreAsync(embedded, stoppingToken);
                indexes.Stored(embedded);
                logger.LogInformation("Embedded {Count} interest phrases in {Ms:F0} ms", embedded.Count,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The model failed to load or the database is away: these phrases stay lexical until asked again.
                indexes.Failed(batch);
                logger.LogWarning(e, "Could not embed {Count} interest phrases", batch.Count);
            }
            batch.Clear();
        }
    }

    async Task StoreAsync(IReadOnlyDictionary<string, float[]> embedded, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var phrases = embedded.Keys.ToList();
        var model = options.Value.VectorModel;
        var existing = await db.InterestVectors.Where(v => v.Model == model && phrases.Contains(v.Phrase)).Select(v => v.Phrase).ToListAsync(ct);
        db.InterestVectors.AddRange(embedded.Where(e => !existing.Contains(e.Key)).Select(e =>
            new InterestVector { Phrase = e.Key, Model = model, Vector = InterestIndex.ToBytes(e.Value) }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance stored some of the same phrases first; theirs are as good as ours.
        }
    }
}
