using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Benchmarks;

/// <summary>
/// What one entry of the matcher's article-analysis cache (<see cref="MatchingOptions.ArticleCacheMegabytes"/>) holds in
/// managed memory, by article length (issue 26, item 7): N distinct articles are analysed as a suggestion analyses them
/// (topics, the model's passage, key-phrase and up to 40 sentence vectors), scored once (which adds the topic profile
/// and the reference yardstick) and kept; the live heap after a full collection, less the heap before, over N.
/// Usage: article-memory [--articles 64]
/// </summary>
internal static class ArticleMemoryRun
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(LoadRun.Arg(args, "--articles") ?? "64");
        var matcher = MatchingBench.Matcher;
        var vocabulary = MatchingBench.Vocabulary();
        var vectors = matcher.EmbedPhrasesAsync(vocabulary.Take(200)).GetAwaiter().GetResult();
        var index = MatchingBench.Index(100, [.. vocabulary.Take(200)], vectors);
        MatchingBench.Match(index); // the model, the reference interests and the knowledge loaded before measuring

        foreach (var (label, paragraphs) in new[] { ("a short news story (~1,500 characters)", 1), ("a long read (~12,000 characters)", 8), ("the most analysed (100,000 characters)", 70) })
        {
            var articles = Enumerable.Range(0, count).Select(i => Article(i, paragraphs)).ToList();
            var kept = new List<ArticleAnalysis>(count);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            foreach (var article in articles)
            {
                var analysis = matcher.AnalyzeUncached(article, MatchingBench.Topics.Extract(article));
                matcher.Match(analysis, index);
                kept.Add(analysis);
            }
            var after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"{label}: {(after - before) / count / 1024.0:F0} KB per cached analysis (estimated {kept.Average(k => k.EstimatedBytes) / 1024:F0} KB) " +
                $"({kept[0].SentenceIndices.Length} sentences embedded, {kept[0].Topics.Text.Sentences.Count} read, {articles[0].Text.Length:N0} characters)");
            GC.KeepAlive(kept);
        }
        return Task.FromResult(0);
    }

    /// <summary>The benchmark article's paragraphs, <paramref name="paragraphs"/> times over, made distinct by <paramref name="i"/>.</summary>
    static Article Article(int i, int paragraphs)
    {
        var text = MatchingBench.Article.Text.Split("\n\n");
        var body = Enumerable.Range(0, paragraphs).SelectMany(p => text.Select(t => $"{t} In part {p} of story {i}, the council said more would follow."));
        var article = MatchingBench.Article with { Url = $"https://example.test/story/{i}", Title = $"{MatchingBench.Article.Title}, day {i}", Text = string.Join("\n\n", body) };
        return article with { Text = article.Text.Length > 100_000 ? article.Text[..100_000] : article.Text };
    }
}
