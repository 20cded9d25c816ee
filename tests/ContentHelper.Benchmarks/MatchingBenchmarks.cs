using BenchmarkDotNet.Attributes;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Benchmarks;

/// <summary>Shared setup: the model, a matcher, and a news article written for these benchmarks.</summary>
internal static class MatchingBench
{
    public static readonly Article Article = new()
    {
        Url = "https://example.test/bench",
        Title = "City council votes to ban cars from the old town centre",
        Excerpt = "The plan, which starts in spring, has split shop owners, cyclists and residents.",
        Text = string.Join("\n\n",
        [
            "Councillors voted 31 to 18 on Tuesday night to close the old town centre to private cars from April, in one of the most ambitious traffic schemes outside the capital.",
            "The plan will turn twelve streets into pedestrian zones, add three kilometres of protected cycle lanes and move the main bus interchange to the edge of the historic quarter. Delivery vans will still be allowed in before ten in the morning.",
            "Supporters say the ban will cut air pollution, which has breached legal limits on two of the streets for six years running, and make the centre safer for children walking to school. A study commissioned by the council found that nitrogen dioxide levels could fall by a third.",
            "Shop owners are divided. The chamber of commerce warned that trade could fall by a fifth if shoppers from surrounding villages drive to out-of-town retail parks instead. But several cafe owners said that similar schemes in other European cities had brought more people onto the streets, not fewer.",
            "Disability groups asked for more blue badge parking near the cathedral and a free shuttle bus, and the council agreed to review access after six months. Taxi drivers, who will keep their rank by the station, said they feared longer journeys around the ring road.",
            "The scheme will cost 14 million pounds, two thirds of it from a national clean air fund. Opposition councillors called the vote rushed and said a referendum should have been held, while the cycling campaign that pushed for the scheme for a decade called it a historic day for the city.",
        ]),
        Tags = ["transport", "air pollution", "local politics"],
    };

    private static readonly Lazy<(TextEmbedder Embedder, InterestMatcher Matcher)> Shared = new(() =>
    {
        var options = Options.Create(new MatchingOptions { ArticleCacheMegabytes = 8 });
        var embedder = new TextEmbedder(options, NullLogger<TextEmbedder>.Instance);
        embedder.StartLoading().GetAwaiter().GetResult();
        var topics = Options.Create(new TopicsOptions());
        return (embedder, new InterestMatcher(embedder, options, topics));
    });

    public static InterestMatcher Matcher => Shared.Value.Matcher;

    public static readonly TopicExtractor Topics = new(Options.Create(new TopicsOptions()));

    /// <summary>The pipeline's topics → analyse → match steps for the benchmark article (its analysis cached after the first).</summary>
    public static MatchResult Match(InterestIndex index) => Matcher.Match(Matcher.Analyze(Article, Topics.Extract(Article)), index);

    /// <summary>
    /// A realistic vocabulary of interests: topic nouns alone and with qualifiers ("local politics",
    /// "women in tech"), about 3,300 distinct phrases, drawn with a Zipf-like skew as real contact lists are:
    /// a few interests are very common, most are rare.
    /// </summary>
    public static string[] Vocabulary()
    {
        string[] subjects =
        [
            "politics", "football", "tennis", "cycling", "climate", "energy", "housing", "education", "health care",
            "mental health", "startups", "venture capital", "banking", "crypto", "real estate", "retail", "fashion",
            "music", "film", "television", "theatre", "books", "art", "photography", "travel", "food", "wine",
            "gardening", "science", "space", "physics", "biology", "medicine", "ai", "machine learning", "software",
            "cybersecurity", "gadgets", "gaming", "privacy", "law", "human rights", "immigration", "economics",
            "markets", "trade", "farming", "transport", "aviation", "cars", "public transport", "urban planning",
            "architecture", "history", "religion", "parenting", "fitness", "running", "sailing", "golf",
        ];
        string[] qualifiers =
        [
            "", "local", "european", "global", "uk", "us", "women in", "careers in", "policy on", "the future of",
            "sustainable", "remote", "digital", "small business", "history of", "investing in", "research in",
            "news about", "regulation of", "startups in", "jobs in", "innovation in", "ethics of", "data on",
            "latin american", "asian", "african", "youth", "community", "amateur", "professional", "independent",
            "open source", "public", "private", "green", "rural", "urban", "grassroots", "competitive", "academic",
            "family", "student", "senior", "indie", "classic", "modern", "experimental", "traditional", "investigative",
            "diversity in",
        ];
        return [.. subjects.SelectMany(s => qualifiers.Select(q => q.Length == 0 ? s : $"{q} {s}"))];
    }

    public static InterestIndex Index(int contacts, string[] vocabulary, IReadOnlyDictionary<string, float[]> vectors)
    {
        var random = new Random(contacts);
        var list = new List<(Guid, IReadOnlyList<string>)>(contacts);
        for (var c = 0; c < contacts; c++)
        {
            var count = 1 + random.Next(5); // 1-5 interests, 3 on average
            var interests = new string[count];
            for (var i = 0; i < count; i++)
                interests[i] = vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))];
            list.Add((Guid.NewGuid(), interests));
        }
        return InterestIndex.Build(list, p => vectors.TryGetValue(p, out var v) ? v : null);
    }
}

/// <summary>The match step alone (the article's analysis is cached): lexical + semantic scoring of every distinct phrase, contact scores, reasons.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MatchingBenchmarks
{
    private InterestIndex index = null!;
    private Dictionary<string, float[]> vectors = null!;
    private string[] vocabulary = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Contacts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        vocabulary = MatchingBench.Vocabulary();
        vectors = MatchingBench.Matcher.EmbedPhrasesAsync(vocabulary).GetAwaiter().GetResult();
        index = MatchingBench.Index(Contacts, vocabulary, vectors);
        MatchingBench.Match(index); // analyse and cache the article
        Console.WriteLine($"// {Contacts} contacts, {index.PhraseCount} distinct phrases");
    }

    [Benchmark]
    public int MatchStep() => MatchingBench.Match(index).Matches.Count;

    [Benchmark]
    public int BuildIndexFromStoredVectors() => MatchingBench.Index(Contacts, vocabulary, vectors).PhraseCount;
}

/// <summary>What a new article costs before matching: topic extraction plus embedding its passages and key phrases (no cache).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ArticleEmbeddingBenchmarks
{
    private string[] phrases = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ = MatchingBench.Matcher;
        phrases = [.. MatchingBench.Vocabulary().Take(1000)];
    }

    [Benchmark]
    public int TopicExtractionOnly() => MatchingBench.Topics.Extract(MatchingBench.Article).Topics.Count;

    [Benchmark]
    public int AnalyzeArticle() => MatchingBench.Matcher.AnalyzeUncached(MatchingBench.Article, MatchingBench.Topics.Extract(MatchingBench.Article)).PassageCount;

    [Benchmark]
    public int EmbedThousandInterestPhrases() => MatchingBench.Matcher.EmbedPhrasesAsync(phrases).GetAwaiter().GetResult().Count;
}
