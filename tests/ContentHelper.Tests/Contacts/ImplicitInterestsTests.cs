using System.Net;
using System.Text;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Contacts;

/// <summary>What is read from a contact without typed interests, and where each came from.</summary>
public sealed class ImplicitInterestsReadingTests
{
    static readonly ImplicitInterests Reader = new(Options.Create(new ImportOptions()));

    static ImplicitInterests.Profile Profile(string? headline = null, string? company = null, string[]? tags = null, string? notes = null,
        string[]? interests = null, string[]? dismissed = null, ImplicitInterests.SentArticle[]? sent = null) =>
        new(headline, company, tags ?? [], notes, interests ?? [], dismissed ?? [], sent ?? []);

    [Fact]
    public void AHeadlineSaysWhatSomeoneWorksOnAndTheReasonQuotesIt()
    {
        var found = Reader.For(Profile(headline: "Talent Acquisition Lead"));

        Assert.Contains(found, i => i.Interest == "recruiting");
        Assert.Contains(found, i => i.Interest == "hiring");
        Assert.All(found, i => Assert.Equal(InterestSource.Headline, i.Source));
        Assert.All(found, i => Assert.Equal("from their headline: Talent Acquisition Lead", i.From));
    }

    [Fact]
    public void CompanyTagsNotesAndSentArticlesEachSayWhereTheyCameFrom()
    {
        var found = Reader.For(Profile(company: "Greenfield Ventures", tags: ["climate"], notes: "Met at the conference; moving into cybersecurity next year.",
            sent: [new("Norway's Longship carbon store passes its first million tonnes", ["Northern Lights project", "carbon dioxide", "North Sea"])]));

        Assert.Equal(InterestSource.Company, Assert.Single(found, i => i.Interest == "venture capital").Source);
        var climate = Assert.Single(found, i => i.Interest == "climate");
        Assert.Equal((InterestSource.Tags, "from their tag: climate"), (climate.Source, climate.From));
        var notes = Assert.Single(found, i => i.Interest == "cybersecurity");
        Assert.Equal((InterestSource.Notes, "from your notes on them"), (notes.Source, notes.From));
        Assert.DoesNotContain("conference", notes.From);
        var sent = found.Where(i => i.Source == InterestSource.Shared).ToList();
        Assert.Equal(["Northern Lights project", "carbon dioxide"], sent.Select(i => i.Interest));
        Assert.All(sent, i => Assert.Equal("from what you sent them: “Norway's Longship carbon store passes its first million tonnes”", i.From));
    }

    [Fact]
    public void AHeadlineTheHintTableDoesNotKnowStillCountsInItsOwnWordsButARankAloneDoesNot()
    {
        Assert.Equal(["Pastor"], Reader.For(Profile(headline: "Pastor")).Select(i => i.Interest));
        var lecturer = Reader.For(Profile(headline: "Theology Lecturer at King's College"));
        Assert.Contains(lecturer, i => i.Interest == "Theology Lecturer" && i.From == "from their headline: Theology Lecturer at King's College");
        Assert.DoesNotContain(lecturer, i => i.Interest.Contains("King", StringComparison.Ordinal));
        // Said once: the hint table's reading of a craft is not repeated in the headline's words.
        Assert.Single(Reader.For(Profile(headline: "theatre critic")));
        Assert.Empty(Reader.For(Profile(headline: "Senior Partner")));
        Assert.DoesNotContain(Reader.For(Profile(headline: "Founder & CEO at Acme")), i => i.Interest.Contains("CEO", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void ATypedOrDismissedInterestIsNeverImpliedAgain()
    {
        var found = Reader.For(Profile(headline: "Technical Recruiter", interests: ["Hiring"], dismissed: ["recruiting"]));

        Assert.DoesNotContain(found, i => i.Interest.Equals("hiring", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(found, i => i.Interest.Equals("recruiting", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void NothingKnownMeansNothingImplied()
    {
        Assert.Empty(Reader.For(Profile(headline: "  ", company: "", tags: ["  "])));
    }
}

/// <summary>Implicit interests through the API: matched below typed ones, labelled in the reasons, switchable, never over a dismissal.</summary>
[Trait("Storage", "Portable")]
public sealed class ImplicitInterestsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    const string RecruitingUrl = "https://ledger.example.com/work/recruiters-final-round";

    // A realistic article about recruiting, written for these tests.
    static readonly string RecruitingPage = Pages.Article("Recruiters say candidates are walking away at the final round",
    [
        "Recruiting teams at large employers say the hardest part of hiring is no longer finding candidates but keeping them until an offer is signed.",
        "In a survey of 400 in-house recruiters, six in ten said a candidate had withdrawn after the final interview in the past quarter, most often because another offer arrived first.",
        "Several firms have cut their hiring process to three conversations in a single week, and say recruiting times fell by a third without hurting the quality of hires.",
        "Talent acquisition leaders also point to pay transparency laws, which let candidates compare offers before they apply and have made salary the first question in many interviews.",
    ], RecruitingUrl);

    static async Task<ContactResponse> Contact(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    static async Task<SuggestionsResponse> Suggest(HttpClient client, string? html = null, string url = RecruitingUrl) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html ?? RecruitingPage, Limit = 10 })).Read<SuggestionsResponse>();

    [Fact]
    public async Task AContactWithOnlyAHeadlineIsSuggestedWithTheHeadlineAsTheReason()
    {
        var client = await app.SignUpAsync();
        var talent = await Contact(client, new ContactRequest { Name = "Tara Quinn", Headline = "Talent Acquisition Lead", Company = "Northwind" });
        await Contact(client, new ContactRequest { Name = "Ola Berg", Headline = "Marine Biologist", Company = "Ocean Trust" });

        var result = await Suggest(client);

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(talent.Id, suggestion.Contact.Id);
        var reason = suggestion.Reasons[0];
        Assert.Equal(InterestSource.Headline, reason.Source);
        Assert.Equal("from their headline: Talent Acquisition Lead", reason.From);
        Assert.Contains(reason.Interest, new[] { "recruiting", "hiring", "talent acquisition" });
        Assert.False(string.IsNullOrWhiteSpace(suggestion.Message.Text));
    }

    [Fact]
    public async Task AHeadlineNoHintNamesIsMatchedThroughItsOwnWords()
    {
        var client = await app.SignUpAsync();
        var pastor = await Contact(client, new ContactRequest { Name = "Paul Amadi", Headline = "Pastor" });
        await Contact(client, new ContactRequest { Name = "Flora Lind", Headline = "Florist" });
        const string url = "https://ledger.example.com/faith/village-church-roof";
        var page = Pages.Article("A village congregation raises the money to save its church roof",
        [
            "The pastor of St Mary's says the congregation raised the last of the money for the church roof at a Sunday service attended by three hundred people.",
            "Worshippers held bake sales, sponsored walks and a hymn marathon over two years, and the parish council added a grant for the bell tower.",
            "The pastor thanked the congregation from the pulpit and said services will move to the village hall while the roof is repaired.",
            "Church leaders in the diocese say many rural congregations face similar bills as old buildings need work their worshippers cannot easily fund.",
        ], url);

        var result = await Suggest(client, page, url);

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(pastor.Id, suggestion.Contact.Id);
        Assert.Equal(("pastor", InterestSource.Headline, "from their headline: Pastor"), (suggestion.Reasons[0].Interest, suggestion.Reasons[0].Source, suggestion.Reasons[0].From));
    }

    [Fact]
    public async Task AnImplicitInterestCountsForLessThanTheSameInterestTyped()
    {
        // Both listed, whatever their gap: this is about how the two compare, not about who is left out beside the first.
        using var listAll = new ContentHelperApp(new() { ["Suggestions:RelativeFloor"] = "0" });
        var client = await listAll.SignUpAsync();
        var typed = await Contact(client, new ContactRequest { Name = "Rae Typed", Interests = ["recruiting"] });
        var implied = await Contact(client, new ContactRequest { Name = "Rob Implied", Headline = "Technical Recruiter" });

        var result = await Suggest(client);

        Assert.Equal([typed.Id, implied.Id], result.Suggestions.Select(s => s.Contact.Id).Take(2));
        var (first, second) = (result.Suggestions[0], result.Suggestions[1]);
        Assert.Equal(InterestSource.Typed, first.Reasons[0].Source);
        Assert.Null(first.Reasons[0].From);
        var recruiting = Assert.Single(second.Reasons, r => r.Interest == "recruiting");
        Assert.Equal(InterestSource.Headline, recruiting.Source);
        // The same phrase on the same article: the implicit one counts a fixed share of the typed one's relevance.
        Assert.InRange(recruiting.Score / first.Reasons[0].Score, 0.3, 0.95);
    }

    [Fact]
    public async Task ImplicitInterestsCanBeSwitchedOffForOneContactAndForTheAccount()
    {
        var client = await app.SignUpAsync();
        var tara = await Contact(client, new ContactRequest { Name = "Tara Quinn", Headline = "Talent Acquisition Lead" });
        var rob = await Contact(client, new ContactRequest { Name = "Rob Stone", Headline = "Technical Recruiter" });
        Assert.True(tara.UseImplicitInterests);
        Assert.Equal(2, (await Suggest(client)).Suggestions.Count);

        // An edit is a later moment: the interest index knows a contact changed by its update time.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var off = await (await client.Put($"/api/contacts/{tara.Id}", new ContactRequest { Name = tara.Name, Headline = tara.Headline, UseImplicitInterests = false }))
            .Read<ContactResponse>();
        Assert.False(off.UseImplicitInterests);
        Assert.Equal([rob.Id], (await Suggest(client)).Suggestions.Select(s => s.Contact.Id));
        // A PUT that does not name the switch leaves it as it was.
        Assert.False((await (await client.Put($"/api/contacts/{tara.Id}", new ContactRequest { Name = tara.Name, Headline = tara.Headline })).Read<ContactResponse>()).UseImplicitInterests);

        var me = await (await client.Put("/api/me", new UpdateMeRequest { Name = "Ana", UseImplicitInterests = false })).Read<MeResponse>();
        Assert.False(me.UseImplicitInterests);
        var none = await Suggest(client);
        Assert.Empty(none.Suggestions);
        Assert.False(string.IsNullOrWhiteSpace(none.NoMatchReason));
        Assert.False((await (await client.GetAsync("/api/me")).Read<MeResponse>()).UseImplicitInterests);
    }

    [Fact]
    public async Task AnImpliedInterestTheUserDismissedIsNeverMatchedAgainAndOneTheyAcceptIsTyped()
    {
        var client = await app.SignUpAsync();
        var rob = await Contact(client, new ContactRequest { Name = "Rob Stone", Headline = "Technical Recruiter" });
        var tara = await Contact(client, new ContactRequest { Name = "Tara Quinn", Headline = "Talent Acquisition Lead" });
        var robReasons = (await Suggest(client)).Suggestions.Single(s => s.Contact.Id == rob.Id).Reasons.Select(r => r.Interest).ToList();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        await (await client.Post($"/api/contacts/{rob.Id}/interests/dismiss", new AcceptInterestsRequest { Interests = ["recruiting", "hiring"] }))
            .Read<ContactResponse>();
        Assert.DoesNotContain(rob.Id, (await Suggest(client)).Suggestions.Select(s => s.Contact.Id));
        Assert.NotEmpty(robReasons);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var accepted = await (await client.Post($"/api/contacts/{tara.Id}/interests/accept", new AcceptInterestsRequest { Interests = ["recruiting"] }))
            .Read<ContactResponse>();
        Assert.Contains("recruiting", accepted.Interests);
        var reason = (await Suggest(client)).Suggestions.Single(s => s.Contact.Id == tara.Id).Reasons[0];
        Assert.Equal(("recruiting", InterestSource.Typed), (reason.Interest, reason.Source));

        // Only what is suggested or implied can be reviewed.
        await (await client.Post($"/api/contacts/{tara.Id}/interests/dismiss", new AcceptInterestsRequest { Interests = ["opera"] })).ValidationProblem("interests");
    }

    [Fact]
    public async Task TheTopicsOfAnArticleSentBeforeAreMatchedUntilTheArticleIsForgotten()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, new ContactRequest { Name = "Ben Carter", Email = "ben@example.com" });
        // Read with the popup (so it is remembered), then sent to Ben, who has no interests at all.
        await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() });
        (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [ben.Id], Url = Pages.CarbonUrl, Title = Pages.CarbonTitle, Action = ShareAction.Send, Channel = Channel.Email,
            IdempotencyKey = Guid.NewGuid().ToString(),
        })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(30));

        const string url = "https://ledger.example.com/climate/northern-lights-expansion";
        var next = Pages.Article("Northern Lights project to double its carbon dioxide storage",
        [
            "The Northern Lights project will double the carbon dioxide it can store under the North Sea after two more emitters signed up, its operators said.",
            "A cement plant in Germany and a steel works in Sweden will ship liquefied carbon dioxide to the terminal from 2027, adding two million tonnes a year.",
            "The expansion needs a second injection well, which the Northern Lights partners expect to drill next summer.",
        ], url);
        var result = await Suggest(client, next, url);

        var suggestion = Assert.Single(result.Suggestions);
        Assert.Equal(ben.Id, suggestion.Contact.Id);
        Assert.Equal(InterestSource.Shared, suggestion.Reasons[0].Source);
        Assert.Equal($"from what you sent them: “{Pages.CarbonTitle}”", suggestion.Reasons[0].From);

        var remembered = (await (await client.GetAsync("/api/articles/reading-list")).Read<ContentHelper.Shared.Common.PagedResponse<ContentHelper.Shared.Articles.ReadingListArticleResponse>>())
            .Items.Single(a => a.Url == Pages.CarbonUrl);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/articles/reading-list/{remembered.Id}")).StatusCode);
        Assert.Empty((await Suggest(client, next, url)).Suggestions);
        Assert.Empty(app.Db(db => db.Shares.Single()).Topics);
    }

    // First names and surnames to make 200 distinct people; positions as LinkedIn exports show them.
    static readonly string[] FirstNames = ["Amara", "Ben", "Chen", "Dana", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Luca", "Maya", "Nils", "Olga", "Pedro", "Qi", "Rosa", "Sami", "Tomas"];
    static readonly string[] LastNames = ["Okafor", "Carter", "Wei", "Levi", "Garcia", "Haddad", "Kim", "Moreau", "Silva", "Berg"];
    static readonly string[] TalentPositions =
    [
        "Talent Acquisition Lead", "Technical Recruiter", "Senior Recruiter", "Head of Talent", "Recruitment Consultant",
        "Talent Partner", "Executive Search Consultant, Headhunter", "Recruiting Manager", "HR Business Partner", "Campus Recruiter",
    ];
    static readonly string[] OtherPositions =
    [
        "Software Engineer", "Senior Product Manager", "Marine Biologist", "Chief Financial Officer", "UX Designer", "Data Scientist",
        "Investment Banking Associate", "Head of Sustainability", "Staff Machine Learning Engineer", "Supply Chain Analyst",
        "Corporate Lawyer", "Brand Marketing Manager", "Site Reliability Engineer", "Frontend Developer", "Account Executive",
        "Clinical Research Coordinator", "Journalist", "Cloud Solutions Architect", "Energy Policy Advisor", "Mechanical Engineer",
    ];

    [Fact]
    public async Task AnImportOf200LinkedInRowsWithOnlyPositionsSuggestsTheTalentPeopleForARecruitingArticle()
    {
        var csv = new StringBuilder("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n");
        csv.Append("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        var talent = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var (first, last) = (FirstNames[i % FirstNames.Length], LastNames[i / FirstNames.Length]);
            // One in ten works in talent; the rest across other fields.
            var position = i % 10 == 3 ? TalentPositions[i / 10 % TalentPositions.Length] : OtherPositions[i % OtherPositions.Length];
            if (i % 10 == 3) talent.Add($"{first} {last}");
            csv.Append($"{first},{last},https://www.linkedin.com/in/{first.ToLowerInvariant()}-{last.ToLowerInvariant()}-{i},,\"Company {i % 37}, Ltd\",\"{position}\",{1 + i % 28} Mar 2021\n");
        }
        var client = await app.SignUpAsync();
        var import = await client.ImportText(csv.ToString());
        Assert.Equal(200, import.Counts.Created);

        var result = await Suggest(client);

        Assert.NotEmpty(result.Suggestions);
        Assert.All(result.Suggestions, s => Assert.Contains(s.Contact.Name, talent));
        Assert.All(result.Suggestions, s =>
        {
            var reason = s.Reasons[0];
            Assert.Equal(InterestSource.Headline, reason.Source);
            Assert.Equal($"from their headline: {s.Contact.Headline}", reason.From);
        });
        Assert.True(result.Suggestions.Count >= 5, $"{result.Suggestions.Count} of the 20 talent people suggested");
    }

    [Fact]
    public async Task AnImportQueuesWhatTheHeadlinesImplyForEmbeddingBeforeAnyArticleIsRead()
    {
        using var semantic = new ContentHelperApp(withModel: true);
        var client = await semantic.SignUpAsync();
        await client.ImportText("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            + "Tara,Quinn,https://www.linkedin.com/in/tara-quinn,,Northwind,Talent Acquisition Lead,12 Mar 2023\n");

        // No suggestion asked yet: the background embedding got the phrase from the import itself.
        await semantic.EmbeddedAsync();
        Assert.True(semantic.Db(db => db.InterestVectors.Any(v => v.Phrase == "recruiting")), "the implied interest 'recruiting' has its vector before the first article");
    }
}
