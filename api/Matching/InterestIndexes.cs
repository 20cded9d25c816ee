using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Each account's <see cref="InterestIndex"/>, built from the database and kept in memory while the account's
/// contacts are unchanged (checked per request with one cheap count/max/sum query, so several API instances stay
/// correct without talking to each other). Phrase vectors come from the <see cref="InterestVector"/> table; a
/// phrase without one is matched lexically and queued for <see cref="InterestEmbedding"/>, off the request path, in
/// its account's share of the <see cref="EmbeddingQueue"/>.
/// </summary>
internal sealed class InterestIndexes(IOptions<MatchingOptions> options, ImplicitInterests implicitInterests, ILogger<InterestIndexes> logger) : IDisposable
{
    /// <summary>What an index was built from: it is current while none of these moved.</summary>
    sealed record Source(int Contacts, DateTime? LastUpdate, long Versions, bool UseImplicit, int SharesWithTopics, DateTime? LastShareWithTopics);

    sealed record Entry(Source Source, long Generation, DateTime BuiltAt, InterestIndex Index);

    /// <summary>A vector stored by another instance reaches this one's index within this time at most.</summary>
    static readonly TimeSpan IncompleteIndexLifetime = TimeSpan.FromSeconds(30);

    // Bounded by the phrases the indexes hold (~1.5 KB each with their vector): the least recently used
    // accounts' indexes go first and are rebuilt from the database when those users come back.
    readonly MemoryCache byAccount = new(new MemoryCacheOptions { SizeLimit = 500_000 });
    // Bounded too: one account's index copies its vectors, so this is only what saves a database read on a rebuild.
    readonly MemoryCache vectors = new(new MemoryCacheOptions { SizeLimit = Math.Max(0, options.Value.PhraseVectorCacheSize) });
    long generation;

    internal EmbeddingQueue Queue { get; } = new(Math.Max(0, options.Value.MaxQueuedPhrasesPerAccount), options.Value.VectorSweepInterval);

    /// <summary>Phrases queued or being embedded.</summary>
    public int PendingCount => Queue.Count;

    /// <summary>
    /// Completes once every phrase queued so far has been embedded and stored (or given up on), and every sweep of
    /// unused vectors that is due has run.
    /// </summary>
    public Task WhenIdleAsync(CancellationToken ct = default) => Queue.WhenIdleAsync(ct);

    public async Task<InterestIndex> ForAccountAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        // One round trip tells whether the cached index is current: contacts, the account's switch, and the shares
        // whose topics count as interests.
        var source = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new Source(
            db.Contacts.Count(c => c.AccountId == accountId),
            db.Contacts.Where(c => c.AccountId == accountId).Max(c => (DateTime?)c.UpdatedAt),
            // Every write of a contact raises its version and a new contact starts at a random one, so the sum moves
            // even when the count and the newest change time do not (an edit, or a delete and a create, by an instance
            // whose clock is behind; two writes within one tick).
            db.Contacts.Where(c => c.AccountId == accountId).Sum(c => (long)c.Version),
            a.UseImplicitInterests,
            db.Shares.Count(s => s.AccountId == accountId && s.Topics.Count > 0),
            db.Shares.Where(s => s.AccountId == accountId && s.Topics.Count > 0).Max(s => (DateTime?)s.SharedAt))).SingleAsync(ct);
        var now = DateTime.UtcNow;
        if (byAccount.TryGetValue(accountId, out Entry? cached) && cached is not null && cached.Source == source
            && (cached.Index.PhrasesWithoutVectors.Count == 0
                || (cached.Generation == Interlocked.Read(ref generation) && now - cached.BuiltAt < IncompleteIndexLifetime)))
            return cached.Index;

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var gen = Interlocked.Read(ref generation);
        var rows = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).Select(RowOf).ToListAsync(ct);
        var contacts = await ProfilesAsync(db, accountId, rows, source.UseImplicit, ct);
        var index = await BuildAsync(db, accountId, contacts, ct);
        byAccount.Set(accountId, new Entry(source, gen, now, index),
            new MemoryCacheEntryOptions { Size = index.PhraseCount + index.ContactCount / 16 + 1 });
        logger.LogDebug("Built the interest index of {Contacts} contacts, {Phrases} phrases ({Missing} without vectors) in {Ms:F0} ms",
            index.ContactCount, index.PhraseCount, index.PhrasesWithoutVectors.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return index;
    }

    /// <summary>
    /// A small index of a few contacts already read in full (a keep-in-touch page, one contact's ideas), from the
    /// stored vectors; phrases without one are matched lexically and queued, as in the account's index.
    /// </summary>
    public async Task<InterestIndex> ForContactsAsync(AppDb db, Guid accountId, IReadOnlyList<Contact> contacts, bool useImplicit, CancellationToken ct) =>
        await BuildAsync(db, accountId, await ProfilesAsync(db, accountId, [.. contacts.Select(RowOfContact)], useImplicit, ct), ct);

    sealed record Row(Guid Id, List<string> Interests, bool UseImplicitInterests, string? Headline, string? Company, List<string> Tags,
        string? Notes, List<string> DismissedInterests);

    // One definition for both: the database reads only these columns; contacts already read in full map the same way.
    static readonly System.Linq.Expressions.Expression<Func<Contact, Row>> RowOf =
        c => new Row(c.Id, c.Interests, c.UseImplicitInterests, c.Headline, c.Company, c.Tags, c.Notes, c.DismissedInterests);
    static readonly Func<Contact, Row> RowOfContact = RowOf.Compile();

    /// <summary>Each contact's typed interests and, where switched on, the implicit ones read from what is known of them.</summary>
    async Task<List<(Guid Id, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)>> ProfilesAsync(
        AppDb db, Guid accountId, List<Row> rows, bool useImplicit, CancellationToken ct)
    {
        if (!useImplicit || rows.Count == 0)
            return [.. rows.Select(r => (r.Id, (IReadOnlyList<string>)r.Interests, (IReadOnlyList<ImplicitInterest>)[]))];

        // Shares with topics are few next to contacts; loading them for the whole account beats an IN list of thousands.
        var sent = (await db.Shares.AsNoTracking()
                .Where(s => s.AccountId == accountId && s.ContactId != null && s.Topics.Count > 0)
                .OrderByDescending(s => s.SharedAt)
                .Select(s => new { s.ContactId, s.Title, s.Topics })
                .ToListAsync(ct))
            .ToLookup(s => s.ContactId!.Value, s => new ImplicitInterests.SentArticle(s.Title, s.Topics));
        return [.. rows.Select(r => (r.Id, (IReadOnlyList<string>)r.Interests, r.UseImplicitInterests
            ? (IReadOnlyList<ImplicitInterest>)Matched(implicitInterests.For(new ImplicitInterests.Profile(
                r.Headline, r.Company, r.Tags, r.Notes, r.Interests, r.DismissedInterests, [.. sent[r.Id]])), r.Interests)
            : []))];
    }

    /// <summary>
    /// The implicit interests matching reads: for someone with interests of their own, their headline and company say
    /// nothing more (a "Head of Partnerships" who cares about the arts is not sent merger news); their tags, notes and
    /// what was sent to them still count. For someone known only by a headline, everything counts.
    /// </summary>
    static List<ImplicitInterest> Matched(List<ImplicitInterest> inferred, List<string> typed) =>
        typed.Count == 0 ? inferred : [.. inferred.Where(i => i.Source is not (Shared.Matching.InterestSource.Headline or Shared.Matching.InterestSource.Company))];

    async Task<InterestIndex> BuildAsync(AppDb db, Guid accountId, List<(Guid Id, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> contacts, CancellationToken ct)
    {
        var phrases = InterestIndex.DistinctPhrases(contacts.Select(c => (IReadOnlyList<string>)[.. c.Interests, .. c.Implicit.Select(i => i.Interest)]));
        // What was read here is used from here: a full cache may refuse or evict it before the index is built.
        var loaded = await LoadVectorsAsync(db, phrases.Where(p => !vectors.TryGetValue(p, out _)).ToList(), ct);
        var index = InterestIndex.Build(contacts, options.Value.ImplicitWeight,
            p => loaded.TryGetValue(p, out var v) || vectors.TryGetValue(p, out v) ? v : null);
        // Phrases left out because the account's share of the queue was full are queued again here, on its next build.
        Enqueue(accountId, index.PhrasesWithoutVectors);
        return index;
    }

    public void Dispose()
    {
        byAccount.Dispose();
        vectors.Dispose();
        Queue.Dispose();
    }

    /// <summary>Queues an account's phrases for embedding (each once), e.g. straight after its contacts are saved or imported.</summary>
    public void Enqueue(Guid accountId, IEnumerable<string> phrases)
    {
        // Without the model nothing would ever take them off the queue.
        if (!options.Value.UseEmbeddings) return;
        Queue.Enqueue(accountId, phrases.Select(Phrases.Key).Where(p => p.Length > 0 && !vectors.TryGetValue(p, out _)));
    }

    /// <summary>Asks for a sweep of unused vectors, once contacts were deleted or what their phrases are read from changed.</summary>
    public void AskSweep() => Queue.AskSweep();

    /// <summary>Makes freshly stored vectors visible to the next request of every account.</summary>
    public void Stored(IReadOnlyDictionary<string, float[]> added)
    {
        foreach (var (phrase, vector) in added) Remember(phrase, vector);
        Interlocked.Increment(ref generation);
    }

    /// <summary>
    /// Deletes the stored vectors of phrases that no contact of any account uses any more — typed, or read from what
    /// is known of them (whatever the account's switch for those says, so that switching it back costs nothing) —
    /// and forgets them here. Phrases are shared by text across accounts, so this reads every account's contacts;
    /// it runs in the background, at most once per <see cref="MatchingOptions.VectorSweepInterval"/>.
    /// </summary>
    internal async Task<int> SweepUnusedVectorsAsync(AppDb db, CancellationToken ct)
    {
        // What is stored is read first: a vector stored after this read is no candidate, whatever the contacts say.
        var unused = (await db.InterestVectors.AsNoTracking().Select(v => v.Phrase).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (unused.Count == 0) return 0;
        foreach (var accountId in await db.Accounts.AsNoTracking().Select(a => a.Id).ToListAsync(ct))
        {
            var rows = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).Select(RowOf).ToListAsync(ct);
            foreach (var (_, interests, implicitOnes) in await ProfilesAsync(db, accountId, rows, useImplicit: true, ct))
            {
                unused.ExceptWith(interests.Select(Phrases.Key));
                unused.ExceptWith(implicitOnes.Select(i => Phrases.Key(i.Interest)));
            }
            if (unused.Count == 0) return 0;
        }
        foreach (var chunk in unused.Chunk(500))
            await db.InterestVectors.Where(v => chunk.Contains(v.Phrase)).ExecuteDeleteAsync(ct);
        foreach (var phrase in unused) vectors.Remove(phrase);
        return unused.Count;
    }

    void Remember(string phrase, float[] vector) => vectors.Set(phrase, vector, new MemoryCacheEntryOptions { Size = 1 });

    /// <summary>The stored vectors of these phrases (those the database has), remembered for the next rebuild.</summary>
    internal async Task<Dictionary<string, float[]>> LoadVectorsAsync(AppDb db, IReadOnlyCollection<string> phrases, CancellationToken ct)
    {
        var loaded = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var model = options.Value.VectorModel;
        // In chunks: an IN list of thousands of parameters is slow on SQLite and capped on other providers.
        foreach (var chunk in phrases.Chunk(500))
        {
            var found = await db.InterestVectors.AsNoTracking()
                .Where(v => v.Model == model && chunk.Contains(v.Phrase))
                .Select(v => new { v.Phrase, v.Vector })
                .ToListAsync(ct);
            foreach (var row in found)
            {
                loaded[row.Phrase] = VectorBytes.FromBytes(row.Vector);
                Remember(row.Phrase, loaded[row.Phrase]);
            }
        }
        return loaded;
    }
}

/// <summary>
/// Embeds queued interest phrases in batches in the background and stores their vectors, so that saving or
/// importing thousands of contacts never waits for the model; and sweeps away stored vectors nobody uses any more.
/// One worker does both, so a sweep never races this instance's own stores.
/// </summary>
internal sealed class InterestEmbedding(
    InterestIndexes indexes, InterestMatcher matcher, IServiceScopeFactory scopes, IOptions<MatchingOptions> options,
    ILogger<InterestEmbedding> logger) : BackgroundService
{
    const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var work = await indexes.Queue.NextAsync(BatchSize, stoppingToken);
                if (work.IsSweep) await SweepAsync(stoppingToken);
                else await EmbedAsync(work.Phrases, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task SweepAsync(CancellationToken stoppingToken)
    {
        var failed = true;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var dropped = await indexes.SweepUnusedVectorsAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), stoppingToken);
            failed = false;
            if (dropped > 0)
                logger.LogInformation("Dropped the stored vectors of {Count} interest phrases no contact uses any more in {Ms:F0} ms", dropped,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The database is away, or still being prepared at start: asked again after the interval.
            logger.LogWarning(e, "Could not sweep unused interest vectors");
        }
        finally
        {
            indexes.Queue.SweepDone(failed);
        }
    }

    async Task EmbedAsync(IReadOnlyList<string> batch, CancellationToken stoppingToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // A phrase that fell out of the bounded cache is queued again when its contact is saved; it is stored already.
            Dictionary<string, float[]> known;
            await using (var scope = scopes.CreateAsyncScope())
                known = await indexes.LoadVectorsAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), batch, stoppingToken);
            var missing = batch.Where(p => !known.ContainsKey(p)).ToList();
            var embedded = missing.Count == 0 ? new Dictionary<string, float[]>() : await matcher.EmbedPhrasesAsync(missing, stoppingToken);
            await StoreAsync(embedded, stoppingToken);
            indexes.Stored(embedded.Concat(known).ToDictionary());
            logger.LogInformation("Embedded {Count} interest phrases in {Ms:F0} ms", embedded.Count,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The model failed to load or the database is away: these phrases stay lexical until asked again.
            logger.LogWarning(e, "Could not embed {Count} interest phrases", batch.Count);
        }
        finally
        {
            indexes.Queue.Done(batch);
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
            new InterestVector { Phrase = e.Key, Model = model, Vector = VectorBytes.ToBytes(e.Value) }));
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
