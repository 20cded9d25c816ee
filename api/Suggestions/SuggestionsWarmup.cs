using ContentHelper.Shared.Suggestions;
using System.Diagnostics;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Runs the popup's path once on a built-in article as the server starts — parse, topics, match, rank, draft, and again
/// with the article's vectors once the model is in (its first inference is the slowest) — so that the first real click
/// does not pay for compiling all of it. On a busy 2-core machine that cost was seconds: the first click after a start
/// ran out of its 5 s budget. In memory only: nothing is read from or written to the database.
/// </summary>
internal sealed class SuggestionsWarmup(
    ArticleParser parser, TopicExtractor extractor, InterestMatcher matcher, TextEmbedder embedder, SuggestionRanker ranker,
    SuggestionCards cards, IOptions<SuggestionsOptions> options, TimeProvider clock, ILogger<SuggestionsWarmup> logger) : BackgroundService
{
    const string Url = "https://warm-up.contenthelper.invalid/carbon-capture";

    static readonly string Html = """
        <!doctype html><html lang="en"><head><title>A cement works starts capturing its carbon</title>
        <meta property="og:site_name" content="ContentHelper"></head><body><article>
        <h1>A cement works starts capturing its carbon</h1>
        <p>A cement works in the north of England began capturing the carbon dioxide from its kiln this week, the first plant of its kind in Britain to do so at full scale.</p>
        <p>The captured gas is compressed and shipped to a depleted gas field under the North Sea, where engineers say it can be stored for thousands of years.</p>
        <p>Cement makes about eight percent of the world's emissions, and most of it comes from the limestone itself rather than from the fuel that heats the kiln.</p>
        <p>The operators hope to capture eight hundred thousand tonnes a year once the second line is running, and other plants are watching the costs closely.</p>
        </article></body></html>
        """;

    readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the warm-up has run (or was off, or gave up).</summary>
    public Task Completion => done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.Value.WarmUp) return;
            // Off the start-up path: the server listens meanwhile, and a request that comes first simply shares the work.
            await Task.Yield();
            var started = Stopwatch.GetTimestamp();
            await PassAsync(withVectors: false, stoppingToken);
            var lexical = Stopwatch.GetElapsedTime(started);
            try
            {
                await embedder.StartLoading().WaitAsync(stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // No model (switched off, failed to load): matching stays lexical, already warm.
            }
            if (embedder.IsReady) await PassAsync(withVectors: true, stoppingToken);
            logger.LogInformation("Warmed up the suggestion path in {Lexical:0} ms{Semantic}", lexical.TotalMilliseconds,
                embedder.IsReady ? $", and with the model in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms from the start" : "");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The warm-up of the suggestion path failed; the first requests compile it as they come");
        }
        finally
        {
            done.TrySetResult();
        }
    }

    async Task PassAsync(bool withVectors, CancellationToken ct)
    {
        var article = await parser.ReadAsync(Html, Url, ct);
        var topics = extractor.Extract(article);
        // Not through the matcher's article cache: the sample is no one's reading.
        var analysis = matcher.AnalyzeUncached(article, topics, ct);
        var contact = new Contact { Name = "Warm Up", Interests = ["carbon capture"], Headline = "Cement engineer" };
        var index = withVectors
            ? await matcher.BuildIndexAsync([(contact.Id, contact.Interests)], ct)
            : InterestIndex.Build([(contact.Id, (IReadOnlyList<string>)contact.Interests)], _ => null);
        var match = matcher.Match(analysis, index);
        var now = clock.GetUtcNow().UtcDateTime;
        var people = new Relationships
        {
            Contacts = new Dictionary<Guid, Contact> { [contact.Id] = contact },
            Shares = Array.Empty<PastShare>().ToLookup(s => s.ContactId),
            Dismissed = new HashSet<(Guid, string)>(),
            UserName = "Warm Up",
            UserInterests = [],
            UseImplicitInterests = true,
            Tone = DraftTone.Warm,
        };
        var (ranked, _) = ranker.Rank(match.Matches, people, ArticleKeys.Of(Url, article.CanonicalUrl, article.Title), now);
        var brief = new ArticleBrief(Url, article.Title, article.SiteName, article.Excerpt, PublicFriendly: true);
        foreach (var r in ranked) cards.Build(r, brief, null, people, now);
    }
}
