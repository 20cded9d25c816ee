using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Matching;

namespace ContentHelper.Tests.Matching;

/// <summary>
/// An index updated by the contacts that changed (issue 26, item 4) is the index a full rebuild makes, and costs only
/// what changed: the phrases it keeps keep their vectors and what the matcher worked out about them.
/// </summary>
public class IncrementalIndexTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    static readonly Article FootballStory = new()
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

    static readonly string[] Vocabulary =
    [
        "premier league", "football", "english football", "sport", "science", "gardening", "knitting", "venture capital",
        "climate policy", "music and film", "local politics", "women in tech", "machine learning", "housing", "cycling",
        "the future of work", "tennis", "cup football", "sports journalism", "coaching",
    ];

    static Guid Id(int i) => new($"00000000-0000-0000-0000-{i:D12}");

    /// <summary>Persons 10 to 159 each have a phrase nobody else has: "tide pool ecology" for person 10.</summary>
    static string? OwnPhrase(int i) => i == 10 ? "tide pool ecology" : i is > 10 and < 160 ? $"the local history of town {i}" : null;

    static IEnumerable<string> OwnPhrases => Enumerable.Range(0, 300).Select(OwnPhrase).OfType<string>();

    /// <summary>
    /// 300 people with one to four interests of the vocabulary, persons 10 to 159 with one of their own as well; every
    /// fifth also with one read from a headline.
    /// </summary>
    static List<(Guid, IReadOnlyList<string>, IReadOnlyList<ImplicitInterest>)> Network()
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 300).Select(i => (Id(i),
            (IReadOnlyList<string>)[.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]), .. OwnPhrase(i) is { } own ? [own] : Array.Empty<string>()],
            (IReadOnlyList<ImplicitInterest>)(i % 5 == 0 ? [new ImplicitInterest(Vocabulary[random.Next(Vocabulary.Length)], InterestSource.Headline, $"from their headline: Role {i}")] : [])))];
    }

    [Theory]
    [InlineData(1)]   // the phrase table kept as it is, a phrase added
    [InlineData(150)] // half the people leave, and 150 phrases with them: the update makes a compact table
    public async Task AnIndexUpdatedByTheChangedContactsScoresExactlyAsAFullRebuild(int leaving)
    {
        var stored = await model.Matcher.EmbedPhrasesAsync([.. Vocabulary, "derby day", "stadium architecture", .. OwnPhrases]);
        // One phrase has no vector yet when the index is first built, and has one by the update.
        var before = new Dictionary<string, float[]>(stored);
        before.Remove("cup football");
        var network = Network();
        var old = InterestIndex.Build(network, 0.8, p => before.TryGetValue(p, out var v) ? v : null);
        model.Matcher.Score(FootballStory, old);

        // One person's interests change, some leave, one joins.
        var edited = (Id(3), (IReadOnlyList<string>)["stadium architecture", "premier league"], (IReadOnlyList<ImplicitInterest>)[new ImplicitInterest("coaching", InterestSource.Tags, "from their tag: coach")]);
        var joined = (Id(1000), (IReadOnlyList<string>)["derby day"], (IReadOnlyList<ImplicitInterest>)[]);
        var gone = Enumerable.Range(10, leaving).Select(Id).Append(Id(3)).ToHashSet();
        var after = network.Where(c => !gone.Contains(c.Item1)).Append(edited).Append(joined).ToList();
        var asked = new List<string>();
        var updated = old.With(gone, [edited, joined], 0.8, p => { asked.Add(p); return stored.TryGetValue(p, out var v) ? v : null; });
        var rebuilt = InterestIndex.Build(after, 0.8, p => stored.TryGetValue(p, out var v) ? v : null);

        // Only what the old index lacked was looked up; everything else came with it.
        Assert.Equal(["cup football", "derby day", "stadium architecture"], asked.Order());
        Assert.Equal(rebuilt.Phrases.Order(), Enumerable.Range(0, updated.PhraseCount).Where(updated.IsUsed).Select(p => updated.Phrases[p]).Order());
        // After one edit the table keeps the phrase nobody has any more in its place; after many it is compact.
        Assert.Equal(leaving > 100, Enumerable.Range(0, updated.PhraseCount).All(updated.IsUsed));
        Assert.Empty(updated.PhrasesWithoutVectors);
        var fromUpdate = Scores(model.Matcher.Score(FootballStory, updated));
        var fromRebuild = Scores(model.Matcher.Score(FootballStory, rebuilt));
        Assert.Equal(300 - leaving + 1, fromUpdate.Count);
        Assert.Equal(fromRebuild, fromUpdate);
        Assert.Contains(fromUpdate, s => s.Value > 0.5);
        var matched = model.Matcher.Match(model.Matcher.Analyze(FootballStory), updated).Matches;
        Assert.Equal(Reasons(model.Matcher.Match(model.Matcher.Analyze(FootballStory), rebuilt).Matches), Reasons(matched));
        Assert.Contains(matched, m => m.ContactId == Id(1000));

        // The phrases kept kept what the matcher worked out for them; the one that gained a vector was worked out again.
        var oldIds = Enumerable.Range(0, old.PhraseCount).ToDictionary(p => old.Phrases[p]);
        var kept = Enumerable.Range(0, updated.PhraseCount).Where(p => oldIds.ContainsKey(updated.Phrases[p])).ToList();
        var carriedOver = kept.Where(p => ReferenceEquals(old.PhraseFacts[oldIds[updated.Phrases[p]]], updated.PhraseFacts[p])).Select(p => updated.Phrases[p]);
        Assert.Contains("cup football", kept.Select(p => updated.Phrases[p]));
        Assert.All(kept, p => Assert.NotNull(updated.PhraseFacts[p]));
        Assert.Equal(kept.Select(p => updated.Phrases[p]).Where(p => p != "cup football").Order(), carriedOver.Order());
    }

    [Fact]
    public async Task AnUpdatedIndexSharesItsVectorsWithTheOneItCameFrom()
    {
        var stored = await model.Matcher.EmbedPhrasesAsync([.. Vocabulary, .. OwnPhrases]);
        var old = InterestIndex.Build(Network(), 0.8, p => stored.TryGetValue(p, out var v) ? v : null);

        var updated = old.With(new HashSet<Guid> { Id(0) }, [], 0.8, _ => throw new InvalidOperationException("nothing is new"));

        Assert.Equal(299, updated.ContactCount);
        foreach (var phrase in updated.Phrases)
            Assert.Same(old.VectorOf(phrase), updated.VectorOf(phrase));
    }

    static Dictionary<Guid, double> Scores(ArticleScores scores) =>
        Enumerable.Range(0, scores.Index.ContactCount).ToDictionary(c => scores.Index.ContactIds[c], c => scores.ContactScores[c]);

    static List<string> Reasons(IEnumerable<ContactMatch> matches) =>
        [.. matches.Select(m => $"{m.ContactId} {m.Score:R} " + string.Join(" | ", m.Reasons.Select(r => $"{r.Interest} {r.Kind} {r.Evidence} {r.Source} {r.From}")))];
}
