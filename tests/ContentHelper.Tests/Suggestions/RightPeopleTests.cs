using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>
/// The whole list as a person judges it, on a network like a real one (people with broad and with specific interests,
/// people known only by a LinkedIn headline, some overdue) and the kinds of page a first real try got wrong: the
/// specialist before the generalist who is merely overdue, an obvious fit found, no one suggested through an everyday
/// word, and reasons that are true. With the model, as users have it.
/// </summary>
public sealed class RightPeopleTests : IClassFixture<RightPeopleTests.Network>
{
    /// <summary>One account holding the network, its phrases embedded before any test asks.</summary>
    public sealed class Network : IAsyncLifetime
    {
        public ContentHelperApp App { get; } = new(withModel: true);
        public HttpClient Client { get; private set; } = null!;
        public Dictionary<string, Guid> Ids { get; } = [];

        public async Task InitializeAsync()
        {
            Client = await App.SignUpAsync("Ana");
            var longAgo = App.Clock.Now.UtcDateTime.AddYears(-2);
            ContactRequest[] people =
            [
                new() { Name = "Tom Baker", Interests = ["science"], Circle = Circle.Peer, LastContactedAt = longAgo },
                new() { Name = "Maya Chen", Interests = ["space exploration", "astronomy"] },
                new() { Name = "Lucy Grant", Interests = ["health"], Circle = Circle.Peer, LastContactedAt = longAgo },
                new() { Name = "Julia Novak", Interests = ["health IT"] },
                new() { Name = "Aisha Rahman", Interests = ["respiratory medicine", "asthma"] },
                new() { Name = "Sophie Martin", Interests = ["commercial real estate", "coworking"] },
                new() { Name = "Dan Ortiz", Interests = ["teachers unions"] },
                new() { Name = "Victor Hale", Interests = ["venture capital"] },
                new() { Name = "Ben Okafor", Interests = ["football"] },
                new() { Name = "Clara Weiss", Interests = ["jazz"] },
                new() { Name = "Omar Haddad", Interests = ["data privacy"] },
                new() { Name = "Grace Lee", Interests = ["gardening"] },
                // Known only from a LinkedIn import: a headline and a company.
                new() { Name = "Priya Shah", Headline = "Solar Project Developer", Company = "SunRidge Renewables" },
                new() { Name = "Ed Brooks", Headline = "EdTech Founder", Company = "ClassLoop" },
                new() { Name = "Marco Rossi", Headline = "Head Chef & Owner", Company = "Osteria Marco" },
            ];
            foreach (var person in people)
                Ids[person.Name!] = (await (await Client.Post("/api/contacts", person)).Read<ContactResponse>(HttpStatusCode.Created)).Id;
            await App.EmbeddedAsync();
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    readonly Network network;
    public RightPeopleTests(Network network) => this.network = network;

    async Task<SuggestionsResponse> Suggest(string title, string[] paragraphs, string url) =>
        await (await network.Client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = NetworkPages.Html(title, paragraphs, url) }))
            .Read<SuggestionsResponse>();

    /// <summary>Where a person stands in the list; past the end when not suggested.</summary>
    int Place(SuggestionsResponse result, string name) =>
        result.Suggestions.Select(s => s.Contact.Id).ToList().IndexOf(network.Ids[name]) is var i and >= 0 ? i : int.MaxValue;

    static string Describe(SuggestionsResponse result) =>
        string.Join("; ", result.Suggestions.Select(s => $"{s.Contact.Name} {s.ScoreParts.Relevance:0.000}"));

    [Fact]
    public async Task TheSpaceSpecialistComesBeforeTheOverdueScienceGeneralistOnAStoryAboutEuropa()
    {
        var result = await Suggest(NetworkPages.EuropaTitle, NetworkPages.Europa, NetworkPages.EuropaUrl);

        Assert.True(Place(result, "Maya Chen") == 0, Describe(result));
        Assert.True(Place(result, "Maya Chen") < Place(result, "Tom Baker"), Describe(result));
    }

    [Fact]
    public async Task TheRespiratorySpecialistComesFirstOnALungCaseAndHealthItIsNotBeforeHer()
    {
        var result = await Suggest(NetworkPages.LungTitle, NetworkPages.Lung, NetworkPages.LungUrl);

        Assert.True(Place(result, "Aisha Rahman") == 0, Describe(result));
        Assert.True(Place(result, "Julia Novak") > Place(result, "Aisha Rahman"), Describe(result));
    }

    [Fact]
    public async Task CoworkingFitsAnInquiryIntoACoworkingCompanyAndUnrelatedPeopleAreNotSuggested()
    {
        var result = await Suggest(NetworkPages.WeWorkTitle, NetworkPages.WeWork, NetworkPages.WeWorkUrl);

        Assert.True(Place(result, "Sophie Martin") == 0, Describe(result));
        foreach (var unrelated in new[] { "Dan Ortiz", "Priya Shah", "Ed Brooks", "Grace Lee", "Clara Weiss" })
            Assert.True(Place(result, unrelated) == int.MaxValue, $"{unrelated} suggested: {Describe(result)}");
    }

    [Fact]
    public async Task NoReasonRestsOnASentenceOrWordThatDoesNotSupportItsInterest()
    {
        // "A company spokesperson said in an email…" says nothing of venture capital, coworking or anything else.
        var result = await Suggest(NetworkPages.WeWorkTitle, NetworkPages.WeWork, NetworkPages.WeWorkUrl);

        var reasons = result.Suggestions.SelectMany(s => s.Reasons).ToList();
        Assert.NotEmpty(reasons);
        Assert.DoesNotContain(reasons, r => r.Sentence?.Contains("spokesperson", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(reasons, r => r.Evidence.Equals("company", StringComparison.OrdinalIgnoreCase));
        // The edtech founder and the solar developer were offered this story "through" the word WeWork: the article's
        // own subject is evidence of no one's interest but an interest in it.
        Assert.DoesNotContain(reasons, r => r.Evidence.Contains("WeWork", StringComparison.OrdinalIgnoreCase)
            && !r.Interest.Contains("WeWork", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnEverydayWordInTheTitleMakesNoMatch()
    {
        // The head chef's headline says "Owner"; a cemetery owner's guilty plea is no article for him.
        var result = await Suggest(NetworkPages.CemeteryTitle, NetworkPages.Cemetery, NetworkPages.CemeteryUrl);

        Assert.True(Place(result, "Marco Rossi") == int.MaxValue, Describe(result));
    }
}
