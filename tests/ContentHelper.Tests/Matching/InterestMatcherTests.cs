using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Tests.Matching;

public class InterestMatcherTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private static readonly Guid Ana = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Ben = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Cleo = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    private static readonly Article ChatbotStory = new()
    {
        Url = "https://example.test/chatbots",
        Title = "Chatbots that write code are changing how start-ups hire",
        Text = "Large language models such as the ones behind popular chatbots can now write working software from a short description.\n\n" +
               "Several start-ups said they had slowed hiring of junior programmers because the models produce first drafts of code in seconds.\n\n" +
               "Researchers warn that the models still make subtle mistakes, and that neural networks trained on public code may repeat its bugs.",
    };

    private static readonly Article FootballStory = new()
    {
        Url = "https://example.test/derby",
        Title = "Late goal settles the derby",
        Text = "A stoppage-time header gave the home side a 2-1 win in the Premier League derby on Sunday.\n\n" +
               "The manager said the squad had shown character after falling behind to an early penalty.\n\n" +
               "The result lifts the club to fourth in the table, two points behind the leaders, with ten games left.",
    };

    private static async Task<InterestIndex> Index(InterestMatcher matcher, params (Guid, string[])[] contacts) =>
        await matcher.BuildIndexAsync([.. contacts.Select(c => (c.Item1, (IReadOnlyList<string>)c.Item2))]);

    [Fact]
    public async Task AParaphrasedInterestMatchesSemantically()
    {
        var index = await Index(model.Matcher, (Ana, ["artificial intelligence"]), (Ben, ["gardening"]), (Cleo, ["knitting"]));

        var result = model.Matcher.Match(ChatbotStory, index);

        var top = result.Matches[0];
        Assert.Equal(Ana, top.ContactId);
        Assert.Equal(MatchMode.Combined, result.Mode);
        var reason = Assert.Single(top.Reasons);
        Assert.Equal("artificial intelligence", reason.Interest);
        Assert.Equal("semantic", reason.Kind);
        Assert.DoesNotContain(result.Matches, m => m.ContactId == Ben || m.ContactId == Cleo);
    }

    [Fact]
    public async Task ASpecificPhraseMatchesLexicallyWithTheSentenceAsEvidence()
    {
        var index = await Index(model.Matcher, (Ana, ["Premier League"]), (Ben, ["genealogy"]));

        var result = model.Matcher.Match(FootballStory, index);

        var match = Assert.Single(result.Matches);
        Assert.Equal(Ana, match.ContactId);
        var reason = match.Reasons[0];
        Assert.Equal("lexical", reason.Kind);
        Assert.Equal("Premier League", reason.Evidence);
        Assert.Contains("Premier League derby", reason.Sentence);
        Assert.True(match.Components.Lexical > 0);
    }

    [Fact]
    public async Task ContactsWithOnlyUnrelatedInterestsGetNoMatchAndAReason()
    {
        var index = await Index(model.Matcher, (Ana, ["knitting", "genealogy"]), (Ben, ["home brewing"]), (Cleo, ["bird watching"]));

        var result = model.Matcher.Match(FootballStory, index);

        Assert.Empty(result.Matches);
        Assert.NotNull(result.NoMatchReason);
        Assert.Contains("No strong match", result.NoMatchReason);
    }

    [Fact]
    public async Task AFineGrainedInterestBeatsABroadNeighbour()
    {
        var article = new Article
        {
            Url = "https://example.test/ccs",
            Title = "Steelworks to bury its emissions under the North Sea",
            Text = "The plant will capture carbon dioxide from its furnaces and pipe it to a depleted gas field for storage.\n\n" +
                   "Carbon capture and storage has struggled to attract investment, but the operator says a new subsidy makes it pay.",
        };
        var index = await Index(model.Matcher, (Ana, ["carbon capture"]), (Ben, ["gardening"]), (Cleo, ["football"]));

        var result = model.Matcher.Match(article, index);

        Assert.Equal(Ana, result.Matches[0].ContactId);
        Assert.Single(result.Matches);
    }

    [Fact]
    public async Task ABroadInterestThatIsOnlyNearAStoryLosesGroundToTheInterestItIsAbout()
    {
        var article = new Article
        {
            Url = "https://example.test/bakery",
            Title = "Village bakery wins prize for its sourdough",
            Text = "A family bakery in a small village has won a national award for its sourdough loaf.\n\n" +
                   "The owners, who opened the shop five years ago, said the secret was a starter kept alive since their grandmother's day.\n\n" +
                   "Queues now form outside every Saturday morning.",
        };
        using var uncalibrated = model.NewMatcher(new MatchingOptions { GeneralityPenalty = 0 });
        var index = await Index(model.Matcher, (Ana, ["baking"]), (Ben, ["business"]), (Cleo, ["local news"]));

        var with = model.Matcher.Score(article, index);
        var without = uncalibrated.Score(article, index);

        // Phrases are indexed in contact order: baking, business, local news.
        Assert.True(with.PhraseRelevance[0] >= without.PhraseRelevance[0]);
        Assert.True(with.PhraseRelevance[1] < without.PhraseRelevance[1] - 0.3);
        Assert.True(with.PhraseRelevance[2] < without.PhraseRelevance[2] - 0.3);
        Assert.Equal(Ana, Assert.Single(model.Matcher.Match(article, index).Matches).ContactId);
    }

    [Fact]
    public async Task AContactsSecondFittingInterestAddsToItsScore()
    {
        var index = await Index(model.Matcher, (Ana, ["Premier League", "football"]), (Ben, ["Premier League"]));

        var result = model.Matcher.Match(FootballStory, index);

        Assert.Equal(Ana, result.Matches[0].ContactId);
        Assert.True(result.Matches[0].Score > result.Matches[1].Score);
        Assert.Equal(2, result.Matches[0].Reasons.Count);
    }

    [Fact]
    public async Task ARepeatedArticleReusesItsCachedAnalysis()
    {
        var first = model.Matcher.Analyze(ChatbotStory);
        var second = model.Matcher.Analyze(ChatbotStory with { Url = "https://example.test/same-story-elsewhere" });

        Assert.Same(first, second);
        Assert.True(first.HasVectors);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task MatchingFallsBackToLexicalWhenEmbeddingsAreOff()
    {
        using var lexical = model.NewMatcher(new MatchingOptions { UseEmbeddings = false });
        var index = await Index(lexical, (Ana, ["premier league"]), (Ben, ["artificial intelligence"]));

        var result = lexical.Match(FootballStory, index);

        Assert.Equal(MatchMode.LexicalOnly, result.Mode);
        Assert.Equal(Ana, Assert.Single(result.Matches).ContactId);
        Assert.Equal(2, index.PhrasesWithoutVectors.Count);
    }

    [Fact]
    public async Task AnInterestWithoutAStoredVectorIsStillMatchedLexically()
    {
        var stored = await model.Matcher.EmbedPhrasesAsync(["gardening"]);
        var index = InterestIndex.Build([(Ana, ["Premier League"]), (Ben, ["gardening"])], p => stored.TryGetValue(p, out var v) ? v : null);

        var result = model.Matcher.Match(FootballStory, index);

        Assert.Equal(["premier league"], index.PhrasesWithoutVectors);
        Assert.Equal(Ana, Assert.Single(result.Matches).ContactId);
        Assert.Equal("lexical", result.Matches[0].Reasons[0].Kind);
    }

    [Fact]
    public async Task AnEmptyContactListExplainsWhyNothingMatched()
    {
        var index = await Index(model.Matcher);

        var result = model.Matcher.Match(FootballStory, index);

        Assert.Empty(result.Matches);
        Assert.Equal("No contacts with interests to match yet.", result.NoMatchReason);
    }
}
