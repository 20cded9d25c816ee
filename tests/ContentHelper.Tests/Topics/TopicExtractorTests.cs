using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Topics;

public class TopicExtractorTests
{
    private static readonly TopicExtractor Extractor = new(Options.Create(new TopicsOptions()));

    private static Article Page(string title, string text, params string[] tags) =>
        new() { Url = "https://example.test/a", Title = title, Text = text, Tags = tags };

    [Fact]
    public void TitlePhrasesOutweighPhrasesOnlyInTheBody()
    {
        var article = Page("Carbon capture plant opens in Norway",
            "The carbon capture plant will store two million tonnes a year under the sea.\n\n" +
            "Engineers said the plant's pipeline had been tested for months. The pipeline runs for 100km.\n\n" +
            "Critics say carbon capture is expensive, while supporters point to the pipeline's long life.");

        var topics = Extractor.Extract(article).Topics;

        Assert.Equal("carbon capture", topics[0].Phrase);
        Assert.Equal(1.0, topics[0].Weight);
        var pipeline = Assert.Single(topics, t => t.Phrase == "pipeline");
        Assert.True(pipeline.Weight < 1.0);
    }

    [Fact]
    public void InflectedFormsAddUpToOneTopic()
    {
        var article = Page("Voters head to the polls",
            "The election is the first since the reform. Elections in the region are often close.\n\n" +
            "Observers will watch the election closely.");

        var topics = Extractor.Extract(article).Topics;

        Assert.Single(topics, t => t.Phrase.StartsWith("election", StringComparison.Ordinal));
    }

    [Fact]
    public void NamesKeepTheirCapitalsAndCommonWordsAreLowerCased()
    {
        var article = Page("Shares rise as profits grow",
            "Shares in Acme Robotics rose after profits grew. Acme Robotics makes warehouse robots.\n\n" +
            "Its warehouse robots are sold in Europe, and profits are expected to grow again.");

        var phrases = Extractor.Extract(article).Topics.Select(t => t.Phrase).ToList();

        Assert.Contains("Acme Robotics", phrases);
        Assert.Contains("warehouse robots", phrases);
    }

    [Fact]
    public void DeclaredPageTagsBecomeTopicsEvenWhenTheTextNeverSaysThem()
    {
        var article = Page("A quiet week at the club", "The squad trained on Tuesday. The squad rested on Wednesday.", "Premier League", "transfer window");

        var phrases = Extractor.Extract(article).Topics.Select(t => t.Phrase).ToList();

        Assert.Contains("Premier League", phrases);
        Assert.Contains("transfer window", phrases);
    }

    [Fact]
    public void TopicsNeverStartOrEndWithStopWords()
    {
        var article = Page("The state of the union",
            "The state of the economy is the main issue of the campaign. The state of the economy matters to voters.");

        foreach (var topic in Extractor.Extract(article).Topics)
        {
            var words = topic.Phrase.ToLowerInvariant().Split(' ');
            Assert.False(TermAnalyzer.StopWords.Contains(words[0]), topic.Phrase);
            Assert.False(TermAnalyzer.StopWords.Contains(words[^1]), topic.Phrase);
        }
    }

    [Fact]
    public void APossessiveIsNotPartOfATopic()
    {
        var article = Page("Alibaba's logistics arm plans a listing",
            "Alibaba's logistics arm Cainiao plans to list its shares. Analysts said Alibaba's decision was expected.\n\n" +
            "Alibaba's shares rose.");

        var phrases = Extractor.Extract(article).Topics.Select(t => t.Phrase).ToList();

        Assert.Contains("Alibaba", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains("'s", StringComparison.Ordinal) || p.Contains("’s", StringComparison.Ordinal));
    }

    [Fact]
    public void ANameThatStartsWithACommonWordStaysWhole()
    {
        var article = Page("Subway fares rise in New York",
            "Riders in New York will pay more from March. The rise is the first in New York since 2019.\n\n" +
            "Officials in New York said the money would pay for new trains.");

        var phrases = Extractor.Extract(article).Topics.Select(t => t.Phrase).ToList();

        Assert.Contains("New York", phrases);
        Assert.DoesNotContain("York", phrases);
    }

    [Fact]
    public void GenericNounsAreNotTopics()
    {
        var article = Page("Man charged after launch of fraud case",
            "A man was charged on Monday. The case concerns a service that took deposits. The man denies the case.\n\n" +
            "The launch of the service was advertised online. Police said the service had taken deposits from hundreds of savers.");

        var phrases = Extractor.Extract(article).Topics.Select(t => t.Phrase.ToLowerInvariant()).ToList();

        Assert.DoesNotContain("man", phrases);
        Assert.DoesNotContain("case", phrases);
        Assert.DoesNotContain("service", phrases);
        Assert.DoesNotContain("launch", phrases);
        Assert.Contains(phrases, p => p.Contains("deposits"));
    }

    [Fact]
    public void APageWithoutTextHasNoTopics()
    {
        Assert.Empty(Extractor.Extract(Page("", "")).Topics);
    }
}
