using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Each account's <see cref="InterestIndex"/>, built from the database and kept in memory while the account's
/// contacts are unchanged (checked per request with one cheap count/max/sum query, so several API instances stay
/// correct without talking to each other). When they changed, the index is updated rather than rebuilt: the contacts
/// whose version moved (or whose shares with topics did) are read again and everyone else keeps their interests, with
/// every phrase's vector and stems (<see cref="InterestIndex.With"/>). Phrase vectors come from the
/// <see cref="InterestVector"/> table; a phrase without one is matched lexically and queued for
/// <see cref="InterestEmbedding"/>, off the request path, in its account's share of the <see cref="EmbeddingQueue"/>.
/// </summary>
internal sealed class InterestIndexes(IOptions<MatchingOptions> options, ImplicitInterests implicitInterests, ILogger<InterestIndexes> logger) : IDisposable
{
    /// <summary>What an index was built from: it is current while none of these moved.</summary>
    sealed record Source(int Contacts, DateTime? LastUpdate, long Versions, bool UseImplicit, int SharesWithTopics, DateTime? LastShareWithTopics);

    /// <summary>
    /// An account's index and what it was read from, per contact: the version it was read at and (implicit interests
    /// on) which of their shares with topics. <paramref name="Checked"/>: when its phrases without a vector were last
    /// looked for in the database.
    /// </summary>
    sealed record Entry(Source Source, long Generation, DateTime Checked, InterestIndex Index, IReadOnlyDictionary<Guid, int> Versions,
        IReadOnlyDictionary<Guid, long> Sent)
    {
        public long Bytes => Index.EstimatedBytes + (Versions.Count + Sent.Count) * 48L;
    }

    /// <summary>A vector stored by another instance reaches this one's index within this time at most.</summary>
    static readonly TimeSpan IncompleteIndexLifetime = TimeSpan.FromSeconds(30);

    // Bounded by the memory the indexes hold; the least recently used accounts' indexes go first and are rebuilt from
    // the database when those users come back. An index larger than the bound stays, alone.
    readonly LruCache<Guid, Entry> byAccount = new(Math.Max(0, options.Value.IndexCacheMegabytes) * (1L << 20));
    // Bounded too, and by memory. Indexes hold the same arrays, so a vector an index uses costs nothing more here; this
    // is what spares the database a read when an account's index is first built, or a phrase is shared by accounts.
    readonly MemoryCache vectors = new(new MemoryCacheOptions { SizeLimit = Math.Max(0, options.Value.PhraseVectorCacheMegabytes) * (1L << 20) });
    long generation;
    long contactsRead;

    internal EmbeddingQueue Queue { get; } = new(Math.Max(0, options.Value.MaxQueuedPhrasesPerAccount), options.Value.VectorSweepInterval);

    /// <summary>Phrases queued or being embedded.</summary>
    public int PendingCount => Queue.Count;

    /// <summary>Contacts read and profiled by accounts' index builds and updates since start: what keeping an index current costs.</summary>
    internal long ContactsRead => Interlocked.Read(ref contactsRead);

    /// <summary>What the cached indexes hold, in bytes (estimated), and how many accounts they are.</summary>
    public (long Bytes, int Accounts) Cached => (byAccount.Bytes, byAccount.Count);

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
        var gen = Interlocked.Read(ref generation);
        var hit = byAccount.TryGet(accountId, out var cached);
        if (hit && cached.Source == source
            && (cached.Index.PhrasesWithoutVectors.Count == 0 || (cached.Generation == gen && now - cached.Checked < IncompleteIndexLifetime)))
            return cached.Index;

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (entry, reread) = hit && cached.Source.UseImplicit == source.UseImplicit
            ? await UpdateAsync(db, accountId, cached, source, gen, now, ct)
            : await BuildAsync(db, accountId, source, hit ? cached.Index : null, gen, now, ct);
        byAccount.Set(accountId, entry, entry.Bytes);
        Interlocked.Add(ref contactsRead, reread);
        logger.LogDebug("{What} the interest index of {Contacts} contacts ({Reread} read again), {Phrases} phrases ({Missing} without vectors) in {Ms:F0} ms",
            hit && cached.Source.UseImplicit == source.UseImplicit ? "Updated" : "Built", entry.Index.ContactCount, reread, entry.Index.PhraseCount,
            entry.Index.PhrasesWithoutVectors.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return entry.Index;
    }

    /// <summary>The whole index from the database; phrases the previous one of the account holds are taken from it.</summary>
    async Task<(Entry, int)> BuildAsync(AppDb db, Guid accountId, Source source, InterestIndex? previous, long gen, DateTime now, CancellationToken ct)
    {
        // What was saved before this read is in it; a journal kept from before (the account's index was evicted meanwhile) is not wanted.
        lock (writtenGate) written.Remove(accountId);
        var rows = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).Select(RowOf).ToListAsync(ct);
        var (contacts, sent) = await ProfilesAsync(db, accountId, rows, source.UseImplicit, all: true, ct);
        var index = await IndexAsync(db, accountId, previous, contacts, [], checkMissing: true, i => InterestIndex.Build(i.Contacts, options.Value.ImplicitWeight, i.VectorOf, previous), ct);
        return (new Entry(source, gen, now, index, rows.ToDictionary(r => r.Id, r => r.Version), sent), rows.Count);
    }

    /// <summary>
    /// The cached index after what changed since it was made: the contacts whose version moved, the new ones and (with
    /// implicit interests) those whose shares with topics moved are read again; the deleted leave; everyone else, and
    /// every phrase still used, is kept as it is. What this instance stores meanwhile reaches it through the vector cache.
    /// </summary>
    async Task<(Entry, int)> UpdateAsync(AppDb db, Guid accountId, Entry cached, Source source, long gen, DateTime now, CancellationToken ct)
    {
        var versions = cached.Versions;
        var sent = cached.Sent;
        var changed = new HashSet<Guid>();
        if ((cached.Source.Contacts, cached.Source.LastUpdate, cached.Source.Versions) != (source.Contacts, source.LastUpdate, source.Versions))
        {
            if (Journaled(accountId, versions, source) is { } known)
            {
                foreach (var (id, version) in known.Written)
                    if (version is not null && (!versions.TryGetValue(id, out var before) || before != version)) changed.Add(id);
                versions = known.Versions;
            }
            else
            {
                // Written elsewhere too (another instance, a bulk delete): two small columns of every contact tell who.
                var current = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).Select(c => new { c.Id, c.Version }).ToListAsync(ct);
                var next = new Dictionary<Guid, int>(current.Count);
                foreach (var c in current)
                {
                    next[c.Id] = c.Version;
                    if (!versions.TryGetValue(c.Id, out var version) || version != c.Version) changed.Add(c.Id);
                }
                versions = next;
            }
        }
        if (source.UseImplicit && (cached.Source.SharesWithTopics, cached.Source.LastShareWithTopics) != (source.SharesWithTopics, source.LastShareWithTopics))
        {
            var prints = await SentFingerprintsAsync(db, accountId, ct);
            foreach (var (id, print) in prints)
                if (!sent.TryGetValue(id, out var before) || before != print) changed.Add(id);
            foreach (var id in sent.Keys)
                if (!prints.ContainsKey(id)) changed.Add(id);
            sent = prints;
        }
        changed.IntersectWith(versions.Keys);
        var dropped = new HashSet<Guid>(changed);
        foreach (var id in cached.Versions.Keys)
            if (!versions.ContainsKey(id)) dropped.Add(id);

        var rows = await RowsAsync(db, accountId, changed, versions.Count, ct);
        if (rows.Count != changed.Count || rows.Any(r => versions[r.Id] != r.Version))
        {
            // Written or deleted between the two reads: keep what the rows say, and the next request sees the rest.
            var edited = new Dictionary<Guid, int>(versions);
            foreach (var id in changed) edited.Remove(id);
            foreach (var row in rows) edited[row.Id] = row.Version;
            versions = edited;
        }
        var (contacts, _) = await ProfilesAsync(db, accountId, rows, source.UseImplicit, all: false, ct);
        // Phrases without a vector are looked for in the database again when another instance may have stored them by
        // now, and when the account has nothing left in the queue: then the next of them can be queued (each phrase
        // that the database lacks, and only those).
        var checkMissing = cached.Index.PhrasesWithoutVectors.Count > 0
            && (now - cached.Checked >= IncompleteIndexLifetime || (options.Value.UseEmbeddings && Queue.Waiting(accountId) == 0));
        var index = await IndexAsync(db, accountId, cached.Index, contacts, cached.Index.PhrasesWithoutVectors, checkMissing,
            i => dropped.Count == 0 && i.Contacts.Count == 0 && i.Found == 0 ? cached.Index : cached.Index.With(dropped, i.Contacts, options.Value.ImplicitWeight, i.VectorOf), ct);
        return (new Entry(source, gen, checkMissing ? now : cached.Checked, index, versions, sent), rows.Count);
    }

    /// <summary>
    /// Contacts this instance saved since the account's index was last brought up to date, with the version each was
    /// saved at (null: deleted); kept only for accounts with a cached index. <see cref="InterestPhraseWatcher"/> reports them.
    /// </summary>
    readonly Dictionary<Guid, Dictionary<Guid, int?>> written = [];
    readonly Lock writtenGate = new();

    // Past this many contacts saved before the account's next suggestion (a large import), reading who they are is cheaper.
    const int MaxJournaled = 50_000;

    /// <summary>A contact of an account with a cached index was saved (<paramref name="version"/>) or deleted (null).</summary>
    internal void Written(Guid accountId, Guid contactId, int? version)
    {
        if (!byAccount.TryGet(accountId, out _)) return;
        lock (writtenGate)
        {
            if (!written.TryGetValue(accountId, out var journal)) written[accountId] = journal = [];
            journal[contactId] = version;
            if (journal.Count > MaxJournaled) journal.Clear();
        }
    }

    /// <summary>
    /// The versions the account's contacts are at, from the cached ones and what this instance saved since — when that
    /// accounts for every change: the count and the version sum it gives are the database's. Null when something else
    /// wrote (another instance, a bulk delete, a save that then failed), or the journal overflowed: then ask the database.
    /// </summary>
    (Dictionary<Guid, int> Versions, Dictionary<Guid, int?> Written)? Journaled(Guid accountId, IReadOnlyDictionary<Guid, int> cached, Source source)
    {
        Dictionary<Guid, int?>? journal;
        lock (writtenGate) written.Remove(accountId, out journal);
        if (journal is null || journal.Count == 0) return null;
        var versions = new Dictionary<Guid, int>(cached);
        foreach (var (id, version) in journal)
            if (version is { } v) versions[id] = v;
            else versions.Remove(id);
        long sum = 0;
        foreach (var v in versions.Values) sum += v;
        return versions.Count == source.Contacts && sum == source.Versions ? (versions, journal) : null;
    }

    /// <summary>
    /// A small index of a few contacts already read in full (a keep-in-touch page, one contact's ideas), from the
    /// stored vectors; phrases without one are matched lexically and queued, as in the account's index.
    /// </summary>
    public async Task<InterestIndex> ForContactsAsync(AppDb db, Guid accountId, IReadOnlyList<Contact> contacts, bool useImplicit, CancellationToken ct)
    {
        var (profiles, _) = await ProfilesAsync(db, accountId, [.. contacts.Select(RowOfContact)], useImplicit, all: false, ct);
        // The account's own index, when cached, holds most of these phrases with their vectors.
        var donor = byAccount.TryGet(accountId, out var cached) ? cached.Index : null;
        return await IndexAsync(db, accountId, donor, profiles, [], checkMissing: true, i => InterestIndex.Build(i.Contacts, options.Value.ImplicitWeight, i.VectorOf, donor), ct);
    }

    sealed record Row(Guid Id, int Version, List<string> Interests, bool UseImplicitInterests, string? Headline, string? Company, List<string> Tags,
        string? Notes, List<string> DismissedInterests);

    // One definition for both: the database reads only these columns; contacts already read in full map the same way.
    static readonly System.Linq.Expressions.Expression<Func<Contact, Row>> RowOf =
        c => new Row(c.Id, c.Version, c.Interests, c.UseImplicitInterests, c.Headline, c.Company, c.Tags, c.Notes, c.DismissedInterests);
    static readonly Func<Contact, Row> RowOfContact = RowOf.Compile();

    /// <summary>The rows of these contacts: by id in chunks, or all of the account's when they are most of it.</summary>
    static async Task<List<Row>> RowsAsync(AppDb db, Guid accountId, IReadOnlyCollection<Guid> ids, int contacts, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var account = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId);
        if (ids.Count > contacts / 4)
        {
            var wanted = ids as IReadOnlySet<Guid> ?? ids.ToHashSet();
            return [.. (await account.Select(RowOf).ToListAsync(ct)).Where(r => wanted.Contains(r.Id))];
        }
        var rows = new List<Row>(ids.Count);
        // In chunks: an IN list of thousands of parameters is slow on SQLite and capped on other providers.
        foreach (var chunk in ids.Chunk(500))
            rows.AddRange(await account.Where(c => chunk.Contains(c.Id)).Select(RowOf).ToListAsync(ct));
        return rows;
    }

    /// <summary>
    /// Each contact's typed interests and, where switched on, the implicit ones read from what is known of them; and per
    /// contact with shares with topics, which shares those are (a fingerprint of their ids), to see later whether they moved.
    /// </summary>
    async Task<(List<(Guid Id, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)>, IReadOnlyDictionary<Guid, long>)> ProfilesAsync(
        AppDb db, Guid accountId, List<Row> rows, bool useImplicit, bool all, CancellationToken ct)
    {
        if (!useImplicit || rows.Count == 0)
            return ([.. rows.Select(r => (r.Id, (IReadOnlyList<string>)r.Interests, (IReadOnlyList<ImplicitInterest>)[]))], new Dictionary<Guid, long>());

        // Shares with topics are few next to contacts; for many contacts, loading them for the whole account beats an IN
        // list of thousands.
        var shares = db.Shares.AsNoTracking().Where(s => s.AccountId == accountId && s.ContactId != null && s.Topics.Count > 0);
        var found = new List<(Guid ShareId, Guid ContactId, DateTime SharedAt, ImplicitInterests.SentArticle Article)>();
        if (all || rows.Count > 500)
            found.AddRange((await shares.Select(s => new { s.Id, s.ContactId, s.SharedAt, s.Title, s.Topics }).ToListAsync(ct))
                .Select(s => (s.Id, s.ContactId!.Value, s.SharedAt, new ImplicitInterests.SentArticle(s.Title, s.Topics))));
        else
            foreach (var chunk in rows.Select(r => (Guid?)r.Id).Chunk(500))
                found.AddRange((await shares.Where(s => chunk.Contains(s.ContactId)).Select(s => new { s.Id, s.ContactId, s.SharedAt, s.Title, s.Topics }).ToListAsync(ct))
                    .Select(s => (s.Id, s.ContactId!.Value, s.SharedAt, new ImplicitInterests.SentArticle(s.Title, s.Topics))));
        var sent = found.OrderByDescending(s => s.SharedAt).ToLookup(s => s.ContactId);
        var profiles = rows.Select(r => (r.Id, (IReadOnlyList<string>)r.Interests, r.UseImplicitInterests
            ? (IReadOnlyList<ImplicitInterest>)Matched(implicitInterests.For(new ImplicitInterests.Profile(
                r.Headline, r.Company, r.Tags, r.Notes, r.Interests, r.DismissedInterests, [.. sent[r.Id].Select(s => s.Article)])), r.Interests)
            : [])).ToList();
        return (profiles, sent.ToDictionary(g => g.Key, g => Fingerprint(g.Select(s => s.ShareId))));
    }

    /// <summary>Per contact with shares with topics, a fingerprint of which shares: the cheap read that tells whose moved.</summary>
    static async Task<Dictionary<Guid, long>> SentFingerprintsAsync(AppDb db, Guid accountId, CancellationToken ct) =>
        (await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.ContactId != null && s.Topics.Count > 0)
            .Select(s => new { s.Id, s.ContactId })
            .ToListAsync(ct))
        .GroupBy(s => s.ContactId!.Value)
        .ToDictionary(g => g.Key, g => Fingerprint(g.Select(s => s.Id)));

    // Order-free: a sum of the ids' first halves and the count; a share added and another undone change it.
    static long Fingerprint(IEnumerable<Guid> shareIds)
    {
        long print = 0, count = 0;
        Span<byte> bytes = stackalloc byte[16];
        foreach (var id in shareIds)
        {
            id.TryWriteBytes(bytes);
            print = unchecked(print + BitConverter.ToInt64(bytes) + BitConverter.ToInt64(bytes[8..]) * 31);
            count++;
        }
        return unchecked(print * 1_000_003 + count);
    }

    /// <summary>
    /// The implicit interests matching reads: for someone with interests of their own, their headline and company say
    /// nothing more (a "Head of Partnerships" who cares about the arts is not sent merger news); their tags, notes and
    /// what was sent to them still count. For someone known only by a headline, everything counts.
    /// </summary>
    static List<ImplicitInterest> Matched(List<ImplicitInterest> inferred, List<string> typed) =>
        typed.Count == 0 ? inferred : [.. inferred.Where(i => i.Source is not (Shared.Matching.InterestSource.Headline or Shared.Matching.InterestSource.Company))];

    /// <summary>What building an index is given: the contacts read (again), and the vectors found for phrases it lacked.</summary>
    sealed record Inputs(List<(Guid Id, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> Contacts,
        Func<string, ReadOnlyMemory<float>?> VectorOf, int Found);

    /// <summary>
    /// Finds the vectors an index needs beyond what <paramref name="donor"/> holds — the phrases of these contacts it
    /// lacks, and the <paramref name="missing"/> ones it holds without a vector (from the database only when
    /// <paramref name="checkMissing"/>) — in the cache, then the database, and builds with them. Read once into a local table first: the bounded cache may evict what it held before the build
    /// reads it. What the database lacks is queued, and only that: a phrase with a stored vector is never queued.
    /// </summary>
    async Task<InterestIndex> IndexAsync(AppDb db, Guid accountId, InterestIndex? donor,
        List<(Guid Id, IReadOnlyList<string> Interests, IReadOnlyList<ImplicitInterest> Implicit)> contacts, IEnumerable<string> missing, bool checkMissing,
        Func<Inputs, InterestIndex> build, CancellationToken ct)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, interests, implicitOnes) in contacts)
        {
            foreach (var interest in interests) Want(interest);
            foreach (var inferred in implicitOnes) Want(inferred.Interest);
        }
        void Want(string interest)
        {
            var key = Phrases.Key(interest);
            if (key.Length > 0 && donor?.VectorOf(key) is null) wanted.Add(key);
        }
        wanted.UnionWith(missing);

        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var uncached = new List<string>();
        foreach (var phrase in wanted)
            if (vectors.TryGetValue(phrase, out float[]? v) && v is not null) found[phrase] = v;
            else uncached.Add(phrase);
        // The donor's phrases without a vector were looked for when it was made; new ones are looked for now.
        var lookUp = checkMissing || donor is null ? uncached : [.. uncached.Where(p => !donor.Holds(p))];
        foreach (var (phrase, vector) in await LoadVectorsAsync(db, lookUp, ct)) found[phrase] = vector;
        var index = build(new Inputs(contacts, p => found.TryGetValue(p, out var v) ? v : null, found.Count));
        Enqueue(accountId, lookUp.Where(p => !found.ContainsKey(p) && index.Holds(p)), checkedStored: true);
        return index;
    }

    public void Dispose()
    {
        vectors.Dispose();
        Queue.Dispose();
    }

    /// <summary>
    /// Queues an account's phrases for embedding (each once), e.g. straight after its contacts are saved or imported. A
    /// phrase with a vector in the cache or in the account's index is not queued: its vector is stored.
    /// </summary>
    public void Enqueue(Guid accountId, IEnumerable<string> phrases) => Enqueue(accountId, phrases.Select(Phrases.Key), checkedStored: false);

    void Enqueue(Guid accountId, IEnumerable<string> keys, bool checkedStored)
    {
        // Without the model nothing would ever take them off the queue.
        if (!options.Value.UseEmbeddings) return;
        var index = byAccount.TryGet(accountId, out var cached) ? cached.Index : null;
        Queue.Enqueue(accountId, keys.Where(p => p.Length > 0 && !vectors.TryGetValue(p, out _) && (checkedStored || index?.VectorOf(p) is null)));
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
            var (profiles, _) = await ProfilesAsync(db, accountId, rows, useImplicit: true, all: true, ct);
            foreach (var (_, interests, implicitOnes) in profiles)
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

    // What a cached vector costs: its floats, the phrase, and the cache's own entry.
    void Remember(string phrase, float[] vector) =>
        vectors.Set(phrase, vector, new MemoryCacheEntryOptions { Size = vector.Length * sizeof(float) + phrase.Length * 2 + 200 });

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
