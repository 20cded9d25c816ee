using ContentHelper.Api.Articles;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ContentHelper.Api.Ideas;

/// <summary>
/// Each account's reading list as matching reads it: every remembered article restored once into an
/// <see cref="ArticleAnalysis"/> (its vectors, topics and kept text) and held in memory, so that a keep-in-touch page
/// scores hundreds of articles without touching their 20 KB of vectors in the database. Checked per request against
/// the rows' ids and read times (one light query): only new or re-read articles are loaded again, forgotten ones drop.
/// </summary>
internal sealed class RememberedArticles(ReadingList readingList) : IDisposable
{
    /// <summary>A remembered article: its row (without the vectors), its analysis, and the keys it is known by.</summary>
    public sealed record Item(RecentArticle Row, ArticleAnalysis Analysis, ArticleKeys Keys);

    sealed record Entry(Dictionary<Guid, (DateTime ReadAt, Item Item)> Items);

    // Sized in articles (~20 KB each in memory): the least recently used accounts' lists go first.
    readonly MemoryCache byAccount = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>The account's remembered articles, most recently read first.</summary>
    public async Task<IReadOnlyList<Item>> ForAccountAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        var current = await db.RecentArticles.AsNoTracking().Where(a => a.AccountId == accountId)
            .Select(a => new { a.Id, a.ReadAt }).ToListAsync(ct);
        var known = byAccount.TryGetValue(accountId, out Entry? cached) && cached is not null ? cached.Items : [];
        var stale = current.Where(c => !known.TryGetValue(c.Id, out var k) || k.ReadAt != c.ReadAt).Select(c => c.Id).ToList();
        var items = new Dictionary<Guid, (DateTime, Item)>(current.Count);
        foreach (var c in current)
            if (known.TryGetValue(c.Id, out var k) && k.ReadAt == c.ReadAt) items[c.Id] = k;
        // In chunks: each row carries its vectors, and an IN list stays short.
        foreach (var chunk in stale.Chunk(100))
            foreach (var row in await db.RecentArticles.AsNoTracking().Where(a => chunk.Contains(a.Id)).ToListAsync(ct))
            {
                var analysis = readingList.Restore(row);
                (row.PassageVectors, row.KeyPhraseVectors) = (null, null);
                items[row.Id] = (row.ReadAt, new Item(row, analysis, ArticleKeys.Of(row.Url, null, row.DisplayTitle ?? row.Title)));
            }
        if (stale.Count > 0 || items.Count != known.Count)
            byAccount.Set(accountId, new Entry(items), new MemoryCacheEntryOptions { Size = Math.Max(1, items.Count) });
        return [.. items.Values.OrderByDescending(i => i.Item1).ThenByDescending(i => i.Item2.Row.Id).Select(i => i.Item2)];
    }

    public void Dispose() => byAccount.Dispose();
}
