using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Matching;

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

    // A match report of ordinary length: a brief of three sentences says too little for anyone to send it on.
    private static readonly Article FootballStory = new()
    {
        Url = "https://example.test/derby",
        Title = "Late goal settles the derby",
        Text = "A stoppage-time header gave the home side a 2-1 win in the Premier League derby on Sunday.\n\n" +
               "The visitors had led through an early penalty, and held on until the last minute of a tense, scrappy game.\n\n" +
               "The manager said the squad had shown character after falling behind, and praised the substitutes who changed the match.\n\n" +
               "The striker who scored the winner has now found the net in five consecutive league games.\n\n" +
               "The result lifts the club to fourth in the table, two points behind the leaders, with ten games left.\n\n" +
               "Both sides now turn to the cup, where a quarter-final away from home awaits next weekend.",
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
    public async Task ContactsWithOnlyUnrelatedInterestsGetNoMatchAndAPlainReason()
    {
        var index = await Index(model.Matcher, (Ana, ["knitting", "genealogy"]), (Ben, ["home brewing"]), (Cleo, ["bird watching"]));

        var result = model.Matcher.Match(FootballStory, index);

        Assert.Empty(result.Matches);
        // Plain words: no other contact's interest, no numbers.
        Assert.Equal("None of your contacts' interests fits this article closely enough.", result.NoMatchReason);
        Assert.DoesNotContain(result.NoMatchReason!, c => char.IsDigit(c));
    }

    [Fact]
    public async Task ACoveredArticleStillGetsItsContactWhereTheUncoveredOneGetsNobody()
    {
        var hobbies = await Index(model.Matcher, (Ana, ["knitting"]), (Ben, ["sourdough baking"]));
        var withFootball = await Index(model.Matcher, (Ana, ["knitting"]), (Ben, ["sourdough baking"]), (Cleo, ["football"]));

        Assert.Empty(model.Matcher.Match(FootballStory, hobbies).Matches);
        var match = Assert.Single(model.Matcher.Match(FootballStory, withFootball).Matches);
        Assert.Equal(Cleo, match.ContactId);
    }

    [Fact]
    public async Task ABroadInterestReachesTheStoryItCovers()
    {
        var article = new Article
        {
            Url = "https://example.test/telescope",
            Title = "Telescope spots water vapour around a distant rocky planet",
            Text = "Astronomers using a space telescope have detected water vapour in the atmosphere of a planet orbiting a small star 40 light years away.\n\n" +
                   "The team measured how starlight filtered through the planet's atmosphere as it passed in front of its star, a method that reveals which molecules are present.\n\n" +
                   "Researchers cautioned that the planet is probably too hot for life, but said the technique could one day be used to study cooler worlds.",
        };
        var index = await Index(model.Matcher, (Ana, ["science"]), (Ben, ["sport"]), (Cleo, ["knitting"]));

        var result = model.Matcher.Match(article, index);

        Assert.Equal(Ana, result.Matches[0].ContactId);
        Assert.DoesNotContain(result.Matches, m => m.ContactId == Cleo);
    }

    [Fact]
    public async Task AnExactInterestPhraseInTheTitleOutranksARelatedWordInTheBody()
    {
        var article = new Article
        {
            Url = "https://example.test/remote-hiring",
            Title = "Why remote hiring stalls at the final interview",
            Text = "Companies that moved their hiring online during the pandemic say candidates now drop out at the last stage far more often than before.\n\n" +
                   "Managers blame long gaps between video interviews and a final round that still asks people to travel, while candidates cite offers that arrive weeks late.\n\n" +
                   "Some firms have cut the process to three conversations in a week, and say their recruiting teams fill roles faster as a result.",
        };
        var index = await Index(model.Matcher, (Ana, ["recruiting"]), (Ben, ["remote hiring"]), (Cleo, ["gardening"]));

        var result = model.Matcher.Match(article, index);

        Assert.Equal([Ben, Ana], result.Matches.Select(m => m.ContactId).Take(2));
        // The order is kept in the relevance itself, right up to the top: neither is saturated.
        Assert.True(result.Matches[0].Score > result.Matches[1].Score);
        Assert.True(result.Matches[0].Score < 1);
        Assert.Equal("lexical", result.Matches[0].Reasons[0].Kind);
    }

    [Fact]
    public async Task TheStorysOwnSubjectIsAStrongMatchAndANeighbouringTopicIsNot()
    {
        var article = new Article
        {
            Url = "https://example.test/ipo",
            Title = "Insurer raises $4bn in Hong Kong listing",
            Text = "Shares in the insurer rose 8% on their first day of trading in Hong Kong after it raised $4bn in the city's biggest listing this year.\n\n" +
                   "Investors said demand for the shares showed that appetite for technology stocks had returned after two difficult years for the exchange.\n\n" +
                   "The company priced its shares at HK$88.88 each, a number considered lucky in Chinese culture, at the top of the range.",
        };
        var index = await Index(model.Matcher, (Ana, ["stock markets"]), (Ben, ["supply chain"]), (Cleo, ["knitting"]));

        var result = model.Matcher.Match(article, index);

        var markets = result.Matches[0];
        Assert.True(markets.ContactId == Ana, string.Join("; ", result.Matches.Select(m => $"{m.ContactId} {m.Score:0.000} {m.Strength}")));
        Assert.Equal(MatchStrength.Strong, markets.Strength);
        var supplyChain = model.Matcher.Score(article, index).ContactScores[1];
        Assert.True(supplyChain < model.Matcher.Options.StrongScore, $"supply chain {supplyChain:0.000} is not a strong match for a share listing");
    }

    [Fact]
    public async Task ASemanticReasonQuotesASentenceOfTheArticleNotItsTitle()
    {
        var index = await Index(model.Matcher, (Ana, ["artificial intelligence"]), (Ben, ["gardening"]));

        var reason = model.Matcher.Match(ChatbotStory, index).Matches[0].Reasons[0];

        Assert.Equal("semantic", reason.Kind);
        Assert.NotNull(reason.Sentence);
        Assert.NotEqual(ChatbotStory.Title, reason.Sentence);
        Assert.Contains(reason.Sentence!, ChatbotStory.Text);
    }

    [Fact]
    public async Task WordsOfAnInterestFoundApartAreNotGivenAsItsWords()
    {
        var article = new Article
        {
            Url = "https://example.test/studio",
            Title = "Game studio moves its servers to the cloud",
            Text = "A game studio in Leeds is moving every server it runs to the cloud, its founders said on Monday.\n\n" +
                   "The studio's last game sold a million copies, and its own machines struggled when players logged on at once.\n\n" +
                   "A cloud provider will now host the game's servers, and the studio expects the cloud to cut its costs by a third.\n\n" +
                   "Its next game is due next year.",
        };
        var index = await Index(model.Matcher, (Ana, ["cloud gaming"]), (Ben, ["knitting"]));

        var result = model.Matcher.Match(article, index);

        // Cloud gaming is near enough to a game studio moving to the cloud to be offered, but not through "game" alone.
        var reason = Assert.Single(Assert.Single(result.Matches, m => m.ContactId == Ana).Reasons);
        Assert.False(reason.Kind == "lexical" && reason.Evidence.Equals("game", StringComparison.OrdinalIgnoreCase), $"{reason.Kind}: {reason.Evidence}");
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
