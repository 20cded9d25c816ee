using System.Text;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;
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
}

/// <summary>
/// Remembers the articles an account reads, bounded by count and age, and turns a remembered one back into the
/// <see cref="ArticleAnalysis"/> matching reads: the stored topics and vectors, and an <see cref="ArticleText"/>
/// rebuilt from the kept text.
/// </summary>
internal sealed class ReadingList(IOptions<ReadingListOptions> options, IOptions<MatchingOptions> matching, IOptions<TopicsOptions> topics)
{
    public ReadingListOptions Options => options.Value;

    /// <summary>Adds the article, or refreshes it when it is known already; prunes the list to its bounds.</summary>
    public async Task<RecentArticle> RememberAsync(AppDb db, Guid accountId, Article article, ArticleAnalysis analysis, bool publicFriendly,
        bool saved, DateTime now, CancellationToken ct)
    {
        var url = article.CanonicalUrl ?? ArticleUrls.WithoutTracking(article.Url);
        var key = ArticleIdentity.UrlKey(url);
        var row = await db.RecentArticles.FirstOrDefaultAsync(a => a.AccountId == accountId && a.UrlKey == key, ct);
        if (row is null)
        {
            row = new RecentArticle { AccountId = accountId, Url = url, UrlKey = key };
            db.RecentArticles.Add(row);
        }
        Fill(row, article, analysis, publicFriendly);
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
            return await db.RecentArticles.AsNoTracking().FirstAsync(a => a.AccountId == accountId && a.UrlKey == key, ct);
        }
        await PruneAsync(db, accountId, now, ct);
        return row;
    }

    /// <summary>Forgets what is past the age limit or beyond the newest <see cref="ReadingListOptions.MaxArticles"/>. Usually one row or none.</summary>
    async Task PruneAsync(AppDb db, Guid accountId, DateTime now, CancellationToken ct)
    {
        var cutoff = now.AddDays(-options.Value.MaxAgeDays);
        var mine = db.RecentArticles.Where(a => a.AccountId == accountId);
        var expired = await mine.Where(a => a.ReadAt < cutoff).Select(a => a.Id).ToListAsync(ct);
        var over = await mine.Where(a => a.ReadAt >= cutoff).OrderByDescending(a => a.ReadAt).ThenByDescending(a => a.Id)
            .Skip(options.Value.MaxArticles).Select(a => a.Id).ToListAsync(ct);
        var gone = expired.Concat(over).ToList();
        if (gone.Count == 0) return;
        // Tracked removal rather than a bulk delete, so that the in-memory demo store prunes too.
        db.RecentArticles.RemoveRange(await db.RecentArticles.Where(a => gone.Contains(a.Id)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    void Fill(RecentArticle row, Article article, ArticleAnalysis analysis, bool publicFriendly)
    {
        row.Title = Clip(article.Title, 500);
        row.DisplayTitle = Clip(article.DisplayTitle, 500);
        row.TitleKey = ArticleIdentity.TitleKey(article.DisplayTitle ?? article.Title);
        row.SiteName = Clip(article.SiteName, 200);
        row.Excerpt = Clip(article.Excerpt, 1000);
        row.Tags = [.. article.Tags.Take(30).Select(t => Clip(t, 100)!)];
        row.Topics = [.. analysis.Topics.Topics.Select(t => t.Phrase)];
        row.TopicWeights = [.. analysis.Topics.Topics.Select(t => t.Weight)];
        row.Text = KeptText(analysis, options.Value.MaxTextChars);
        row.PublicFriendly = publicFriendly;
        if (analysis.HasVectors)
        {
            row.PassageVectors = InterestIndex.ToBytes(analysis.PassageVectors);
            row.KeyPhraseVectors = InterestIndex.ToBytes(analysis.KeyPhraseVectors);
            row.VectorModel = matching.Value.VectorModel;
        }
        // A lexical-only reading (the model was still loading) keeps the vectors an earlier reading stored.
    }

    /// <summary>
    /// The lead paragraphs as they stand, then each body sentence that holds one of the article's topics (what the
    /// reasons quote), one per paragraph, in the article's order, until the budget is spent.
    /// </summary>
    static string KeptText(ArticleAnalysis analysis, int maxChars)
    {
        var text = analysis.Topics.Text;
        var topics = analysis.Topics.Topics.Select(t => t.Phrase).ToList();
        var paragraphs = new List<string>();
        var used = 0;
        bool Take(string paragraph)
        {
            if (used + paragraph.Length > maxChars) return false;
            paragraphs.Add(paragraph);
            used += paragraph.Length + 2;
            return true;
        }
        foreach (var lead in text.Sentences.Where(s => s.Zone == TextZone.Lead && s.Paragraph >= 0).GroupBy(s => s.Paragraph))
            if (!Take(string.Join(' ', lead.Select(s => s.Text)))) return string.Join("\n\n", paragraphs);
        foreach (var sentence in text.Sentences.Where(s => s.Zone == TextZone.Body))
            if (topics.Any(t => sentence.Text.Contains(t, StringComparison.OrdinalIgnoreCase)) && !Take(sentence.Text)) break;
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>The article as matching reads it: stored topics and vectors, its text rebuilt from what was kept.</summary>
    public ArticleAnalysis Restore(RecentArticle row)
    {
        var article = AsArticle(row);
        var storedTopics = row.Topics.Zip(row.TopicWeights, (p, w) => new TopicResponse(p, w)).ToList();
        var articleTopics = new ArticleTopics(ArticleText.From(article, topics.Value.LeadParagraphs), storedTopics);
        var dims = TextEmbedder.Dimensions;
        if (row.PassageVectors is not { Length: > 0 } passages || row.KeyPhraseVectors is not { } keys
            || row.VectorModel != matching.Value.VectorModel || passages.Length % (dims * 4) != 0 || keys.Length % (dims * 4) != 0)
            return new ArticleAnalysis { Topics = articleTopics };

        var passageVectors = InterestIndex.FromBytes(passages);
        var keyCount = Math.Min(keys.Length / (dims * 4), storedTopics.Count);
        // The model reads the passages only through their mean cosine, which is the cosine with their mean: one
        // vector instead of three makes matching hundreds of remembered articles three times cheaper.
        var count = passageVectors.Length / dims;
        var mean = new float[dims];
        for (var p = 0; p < count; p++)
            System.Numerics.Tensors.TensorPrimitives.Add(mean, passageVectors.AsSpan(p * dims, dims), mean);
        System.Numerics.Tensors.TensorPrimitives.Divide(mean, count, mean);
        return new ArticleAnalysis
        {
            Topics = articleTopics,
            PassageVectors = mean,
            PassageCount = 1,
            KeyPhrases = [.. storedTopics.Take(keyCount).Select(t => t.Phrase)],
            KeyPhraseVectors = InterestIndex.FromBytes(keys.AsSpan(0, keyCount * dims * 4)),
            KeyPhraseWeights = [.. storedTopics.Take(keyCount).Select(t => (float)t.Weight)],
        };
    }

    /// <summary>The remembered article as the parser would have given it, with the text that was kept.</summary>
    public static Article AsArticle(RecentArticle row) => new()
    {
        Url = row.Url,
        CanonicalUrl = row.Url,
        Title = row.Title,
        DisplayTitle = row.DisplayTitle,
        SiteName = row.SiteName,
        Excerpt = row.Excerpt,
        Text = row.Text,
        Tags = row.Tags,
        IsArticle = true,
    };

    static string? Clip(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : new StringBuilder(value, 0, max - 1, max).Append('…').ToString();
}
