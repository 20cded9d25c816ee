using System.Text;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Platform;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Articles;

/// <summary>Bound from the "ReadingList" config section.</summary>
public sealed class ReadingListOptions
{
    /// <summary>Remember every article the popup analyses. Off: only "Save for later" adds one.</summary>
    public bool RememberRead { get; set; } = true;

    /// <summary>Most articles remembered per account; the least recently read go first.</summary>
    public int MaxArticles { get; set; } = 500;

    /// <summary>Articles not read (or saved) for this many days are forgotten.</summary>
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>Text kept per article for reasons and drafts: the lead and the sentences holding its key phrases, up to this many characters.</summary>
    public int MaxTextChars { get; set; } = 6000;

    /// <summary>
    /// Memory for the reading lists held restored (as matching reads them), in MB; past it the least recently used
    /// account's list goes, and is read again from the database when asked for. A remembered article takes ~100–200 KB
    /// restored (its kept text analysed, and its vectors), so a full list of 500 is ~75 MB; a list larger than this is
    /// kept, alone. Counted in articles (20,000), lists could hold gigabytes (issue 26, item 7).
    /// </summary>
    public int CacheMegabytes { get; set; } = 64;
}

/// <summary>
/// The reading list: remembers the articles an account reads (or saves for later), bounded by count and age, and
/// gives them back as matching reads them — each restored once into an <see cref="ArticleAnalysis"/> (the stored
/// topics and vectors, an <see cref="ArticleText"/> rebuilt from the kept text) and held in memory, so that a
/// keep-in-touch page scores hundreds of articles without reading their 20 KB of vectors each time. Checked per
/// request against the rows' ids and read times (one light query): only new or re-read articles are loaded again.
/// </summary>
internal sealed class ReadingList(
    ArticleParser parser, TopicExtractor extractor, InterestMatcher matcher, TimeProvider clock,
    IOptions<ReadingListOptions> options, IOptions<MatchingOptions> matching, IOptions<TopicsOptions> topics)
{
    /// <summary>A remembered article: its row (without the vectors), its analysis, and the keys it is known by.</summary>
    public sealed record Item(ReadingListArticle Row, ArticleAnalysis Analysis, ArticleKeys Keys);

    sealed record Entry(Dictionary<Guid, (DateTime ReadAt, Item Item)> Items);

    // Sized by what the restored analyses hold: the least recently used accounts' lists go first.
    readonly LruCache<Guid, Entry> byAccount = new(Math.Max(0, options.Value.CacheMegabytes) * (1L << 20));

    public ReadingListOptions Options => options.Value;

    /// <summary>"Save for later": reads and analyses the page and keeps it; null and why when the page is not an article.</summary>
    public async Task<(ReadingListArticle? Row, string? NotArticle)> SaveForLaterAsync(AppDb db, Guid accountId, string html, string url, CancellationToken ct)
    {
        var article = await parser.ReadAsync(html, url, ct);
        if (!article.IsArticle) return (null, article.NotArticleReason);
        var analysis = matcher.Analyze(article, extractor.Extract(article), ct);
        var row = await RememberAsync(db, accountId, article, analysis, ArticleSensitivity.IsPublicFriendly(article, html),
            saved: true, clock.GetUtcNow().UtcDateTime, ct);
        return (row, null);
    }

    /// <summary>Adds the article, or refreshes it when it is known already; prunes the list to its bounds.</summary>
    public async Task<ReadingListArticle> RememberAsync(AppDb db, Guid accountId, Article article, ArticleAnalysis analysis, bool publicFriendly,
        bool saved, DateTime now, CancellationToken ct)
    {
        var url = article.CanonicalUrl ?? ArticleUrls.WithoutTracking(article.Url);
        var key = ArticleIdentity.UrlKey(url);
        var row = await db.ReadingListArticles.FirstOrDefaultAsync(a => a.AccountId == accountId && a.UrlKey == key, ct);
        var added = row is null;
        if (row is null)
        {
            row = new ReadingListArticle { AccountId = accountId, Url = url, UrlKey = key };
            db.ReadingListArticles.Add(row);
        }
        // The same page read again (the popup opened twice) only moves its date: its text and vectors are as stored.
        var text = KeptText(analysis, options.Value.MaxTextChars);
        if (added || row.Text != text || row.Title != Clip(article.Title, 500) || (row.VectorModel is null && analysis.StoredVectors() is not null))
            Fill(row, article, analysis, text, publicFriendly);
        row.ReadAt = now;
        if (saved) row.SavedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same article was remembered by a request at the same moment: that copy is as good as this one.
            db.ChangeTracker.Clear();
            return await db.ReadingListArticles.AsNoTracking().FirstAsync(a => a.AccountId == accountId && a.UrlKey == key, ct);
        }
        await PruneAsync(db, accountId, now, ct);
        return row;
    }

    /// <summary>Forgets what is past the age limit or beyond the newest <see cref="ReadingListOptions.MaxArticles"/>. Usually one row or none.</summary>
    async Task PruneAsync(AppDb db, Guid accountId, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-options.Value.MaxAgeDays);
        var mine = db.ReadingListArticles.Where(a => a.AccountId == accountId);
        var expired = await mine.Where(a => a.ReadAt < cutoff).Select(a => a.Id).ToListAsync(ct);
        var over = await mine.Where(a => a.ReadAt >= cutoff).OrderByDescending(a => a.ReadAt).ThenByDescending(a => a.Id)
            .Skip(options.Value.MaxArticles).Select(a => a.Id).ToListAsync(ct);
        var gone = expired.Concat(over).ToList();
        if (gone.Count == 0) return;
        // Tracked removal rather than a bulk delete, so that the in-memory demo store prunes too.
        db.ReadingListArticles.RemoveRange(await db.ReadingListArticles.Where(a => gone.Contains(a.Id)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    void Fill(ReadingListArticle row, Article article, ArticleAnalysis analysis, string text, bool publicFriendly)
    {
        row.Title = Clip(article.Title, 500);
        row.DisplayTitle = Clip(article.DisplayTitle, 500);
        row.TitleKey = ArticleIdentity.TitleKey(article.DisplayTitle ?? article.Title);
        row.SiteName = Clip(article.SiteName, 200);
        row.Excerpt = Clip(article.Excerpt, 1000);
        row.Tags = [.. article.Tags.Take(30).Select(t => Clip(t, 100)!)];
        row.Topics = [.. analysis.Topics.Topics.Select(t => t.Phrase)];
        row.TopicWeights = [.. analysis.Topics.Topics.Select(t => t.Weight)];
        row.Text = text;
        row.PublicFriendly = publicFriendly;
        if (analysis.StoredVectors() is { } vectors)
        {
            (row.PassageVectors, row.KeyPhraseVectors) = vectors;
            // The kept text is read again on restore; its sentences keep the vectors the live article gave them.
            row.SentenceVectors = analysis.StoredSentences(ArticleText.From(AsArticle(row), topics.Value.LeadParagraphs), matching.Value.Sentences);
            row.VectorModel = matching.Value.VectorModel;
        }
        // A lexical-only reading (the model was still loading) keeps the vectors an earlier reading stored.
    }

    /// <summary>
    /// What matching reads of the article, as paragraphs: its lead and body sentences from the top (those it embeds,
    /// so a remembered article is judged on the same sentences as when it was read), until the budget is spent.
    /// </summary>
    string KeptText(ArticleAnalysis analysis, int maxChars)
    {
        var read = ArticleAnalysis.ReadSentences(analysis.Topics.Text, matching.Value.Sentences)
            .Where(s => s.Zone is TextZone.Lead or TextZone.Body && s.Paragraph >= 0);
        var paragraphs = new List<string>();
        var used = 0;
        foreach (var paragraph in read.GroupBy(s => s.Paragraph))
        {
            var sentences = new List<string>();
            foreach (var sentence in paragraph)
            {
                if (used + sentence.Text.Length + 1 > maxChars) break;
                sentences.Add(sentence.Text);
                used += sentence.Text.Length + 1;
            }
            if (sentences.Count > 0) paragraphs.Add(string.Join(' ', sentences));
            if (sentences.Count < paragraph.Count()) break;
            used += 1;
        }
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>
    /// The mean passage vector of each remembered article with vectors of the current model, by URL key: what a person's
    /// shares are compared with. From the held list when the account's is in memory; else only those columns are read,
    /// and nothing is restored or held. Every suggestion asks this, and restoring each account's whole list (~150 KB an
    /// article) filled the memory with lists pushed out again at once whenever more accounts were active than
    /// <see cref="ReadingListOptions.CacheMegabytes"/> holds (issue 26, item 7).
    /// </summary>
    public async Task<Dictionary<string, float[]>> MeanPassagesAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        if (byAccount.TryGet(accountId, out _))
            return (await ForMatchingAsync(db, accountId, ct)).Where(i => i.Analysis.HasVectors).ToDictionary(i => i.Row.UrlKey, i => i.Analysis.MeanPassage());
        var model = matching.Value.VectorModel;
        var rows = await db.ReadingListArticles.AsNoTracking().Where(a => a.AccountId == accountId && a.VectorModel == model)
            .Select(a => new { a.UrlKey, a.PassageVectors, KeyPhraseBytes = a.KeyPhraseVectors == null ? 0 : a.KeyPhraseVectors.Length })
            .ToListAsync(ct);
        var means = new Dictionary<string, float[]>(rows.Count);
        foreach (var row in rows)
            if (ArticleAnalysis.StoredMeanPassage(row.PassageVectors, row.KeyPhraseBytes) is { } mean) means[row.UrlKey] = mean;
        return means;
    }

    /// <summary>The account's remembered articles as matching reads them, most recently read first.</summary>
    public async Task<IReadOnlyList<Item>> ForMatchingAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        var current = await db.ReadingListArticles.AsNoTracking().Where(a => a.AccountId == accountId)
            .Select(a => new { a.Id, a.ReadAt }).ToListAsync(ct);
        var known = byAccount.TryGet(accountId, out var cached) ? cached.Items : [];
        var stale = current.Where(c => !known.TryGetValue(c.Id, out var k) || k.ReadAt != c.ReadAt).Select(c => c.Id).ToList();
        var items = new Dictionary<Guid, (DateTime, Item)>(current.Count);
        foreach (var c in current)
            if (known.TryGetValue(c.Id, out var k) && k.ReadAt == c.ReadAt) items[c.Id] = k;
        // In chunks: each row carries its vectors, and an IN list stays short.
        foreach (var chunk in stale.Chunk(100))
            foreach (var row in await db.ReadingListArticles.AsNoTracking().Where(a => chunk.Contains(a.Id)).ToListAsync(ct))
            {
                var analysis = Restore(row);
                (row.PassageVectors, row.KeyPhraseVectors, row.SentenceVectors) = (null, null, null);
                items[row.Id] = (row.ReadAt, new Item(row, analysis, ArticleKeys.Of(row.Url, null, row.DisplayTitle ?? row.Title)));
            }
        if (stale.Count > 0 || items.Count != known.Count)
            byAccount.Set(accountId, new Entry(items), items.Values.Sum(i => i.Item2.Analysis.EstimatedBytes + i.Item2.Row.Text.Length * 2L + 1024));
        return [.. items.Values.OrderByDescending(i => i.Item1).ThenByDescending(i => i.Item2.Row.Id).Select(i => i.Item2)];
    }

    /// <summary>The article as matching reads it: stored topics and vectors (those of another model are not used), its text rebuilt from what was kept.</summary>
    internal ArticleAnalysis Restore(ReadingListArticle row)
    {
        var storedTopics = row.Topics.Zip(row.TopicWeights, (p, w) => new TopicResponse(p, w)).ToList();
        var articleTopics = new ArticleTopics(ArticleText.From(AsArticle(row), topics.Value.LeadParagraphs), storedTopics);
        return row.VectorModel == matching.Value.VectorModel
            ? ArticleAnalysis.Restore(articleTopics, row.PassageVectors, row.KeyPhraseVectors, row.SentenceVectors, matching.Value.Sentences)
            : new ArticleAnalysis { Topics = articleTopics };
    }

    /// <summary>The remembered article as the parser would have given it, with the text that was kept.</summary>
    static Article AsArticle(ReadingListArticle row) => new()
    {
        Url = row.Url, CanonicalUrl = row.Url, Title = row.Title, DisplayTitle = row.DisplayTitle, SiteName = row.SiteName,
        Excerpt = row.Excerpt, Text = row.Text, Tags = row.Tags, IsArticle = true,
    };

    static string? Clip(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : new StringBuilder(value, 0, max - 1, max).Append('…').ToString();
}
