using System.Net;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

[Trait("Storage", "Portable")]
public sealed class ContactsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    static ContactRequest Person(string name, params string[] interests) => new() { Name = name, Interests = [.. interests] };

    async Task<ContactResponse> Create(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    async Task<PagedResponse<ContactResponse>> List(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/contacts" + query)).Read<PagedResponse<ContactResponse>>();

    [Fact]
    public async Task CreatedContactCanBeReadBackWithEveryField()
    {
        var client = await app.SignUpAsync();
        var request = new ContactRequest
        {
            Name = "  Amara Okafor ", Headline = "Head of Talent", Company = "Northwind", Email = "amara@example.com",
            Phone = "+44 20 7946 0958", LinkedInUrl = "https://www.linkedin.com/in/amara", XHandle = "@amara_o",
            Interests = ["remote hiring"], Circle = Circle.Strategic, KeepInTouchDays = 21,
            LastContactedAt = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), Notes = "Two kids; runs marathons.",
            PreferredChannel = Channel.LinkedIn, Tags = ["conference 2025"],
        };
        var response = await client.Post("/api/contacts", request);
        var created = await response.Read<ContactResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/contacts/{created.Id}", response.Headers.Location?.OriginalString);

        var read = await (await client.GetAsync($"/api/contacts/{created.Id}")).Read<ContactResponse>();
        Assert.Equal("Amara Okafor", read.Name);
        Assert.Equal("amara_o", read.XHandle);
        Assert.Equal(Circle.Strategic, read.Circle);
        Assert.Equal(Channel.LinkedIn, read.PreferredChannel);
        Assert.Equal(21, read.CadenceDays);
        Assert.Equal(["conference 2025"], read.Tags);
        Assert.Equal(request.LastContactedAt, read.LastContactedAt);
        Assert.Equal(DateTimeKind.Utc, read.LastContactedAt!.Value.Kind);
    }

    [Fact]
    public async Task EnumsAndFieldNamesTravelAsCamelCaseStrings()
    {
        var client = await app.SignUpAsync();
        var response = await client.Post("/api/contacts", new ContactRequest { Name = "Bo", Circle = Circle.SuperConnector, PreferredChannel = Channel.WhatsApp });
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"circle\":\"superConnector\"", json);
        Assert.Contains("\"preferredChannel\":\"whatsapp\"", json);
        Assert.Contains("\"daysSinceContact\":", json);
    }

    [Fact]
    public async Task InterestsAreTrimmedAndDeduplicatedIgnoringCase()
    {
        var client = await app.SignUpAsync();
        var contact = await Create(client, Person("Chen", "  Large   language models ", "large language models", "", "AI", "ai "));
        Assert.Equal(["Large language models", "AI"], contact.Interests);
    }

    [Fact]
    public async Task InvalidContactNamesEveryBadField()
    {
        var client = await app.SignUpAsync();
        var response = await client.Post("/api/contacts", new
        {
            name = new string('x', 201),
            email = "not-an-email",
            phone = "call me maybe",
            linkedInUrl = "not a url",
            xHandle = "way too long handle!",
            keepInTouchDays = 0,
            notes = new string('n', 10_001),
            interests = Enumerable.Range(0, 51).Select(i => $"interest {i}"),
            tags = new[] { new string('t', 101) },
        });
        await response.ValidationProblem("name", "email", "phone", "linkedInUrl", "xHandle", "keepInTouchDays", "notes", "interests", "tags");
    }

    [Fact]
    public async Task AnInterestLongerThan100CharactersIsRejected()
    {
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", Person("Dana", new string('a', 101)))).ValidationProblem("interests");
    }

    [Theory]
    [InlineData("{\"name\":\"Bo\",\"circle\":\"bestFriends\"}", "circle")]
    [InlineData("{\"name\":\"Bo\",\"preferredChannel\":\"pigeon\"}", "preferredChannel")]
    [InlineData("{\"name\":\"Bo\",\"keepInTouchDays\":\"often\"}", "keepInTouchDays")]
    [InlineData("{\"name\":\"Bo\",\"lastContactedAt\":\"yesterday\"}", "lastContactedAt")]
    public async Task AValueOfTheWrongTypeNamesItsField(string body, string field)
    {
        var client = await app.SignUpAsync();
        var response = await client.PostAsync("/api/contacts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ValidationProblem(field);
    }

    [Fact]
    public async Task StrategicContactsDefaultToAShortCadenceAndBecomeOverdue()
    {
        var client = await app.SignUpAsync();
        var strategic = await Create(client, new ContactRequest { Name = "S", Circle = Circle.Strategic, LastContactedAt = app.Clock.Now.UtcDateTime.AddDays(-40) });
        var social = await Create(client, new ContactRequest { Name = "P", Circle = Circle.Social, LastContactedAt = app.Clock.Now.UtcDateTime.AddDays(-40) });
        var none = await Create(client, new ContactRequest { Name = "N" });

        Assert.True(strategic.CadenceDays < social.CadenceDays);
        Assert.True(strategic.Overdue);
        Assert.False(social.Overdue);
        Assert.Equal(40, strategic.DaysSinceContact);
        Assert.Equal(strategic.LastContactedAt!.Value.AddDays(strategic.CadenceDays!.Value), strategic.NextContactDue);
        // Without a circle: the loosest cadence, so nobody drops out of touch for good.
        Assert.Equal(180, none.CadenceDays);
        Assert.Equal(none.CreatedAt.AddDays(180), none.NextContactDue);
        Assert.False(none.Overdue);
    }

    [Fact]
    public async Task WithoutACadenceForContactsOutsideACircleTheyAreNeverDue()
    {
        using var loose = new ContentHelperApp(new() { ["Contacts:NoCircleCadenceDays"] = "" });
        var client = await loose.SignUpAsync();
        var none = await Create(client, new ContactRequest { Name = "N", LastContactedAt = loose.Clock.Now.UtcDateTime.AddYears(-3) });
        Assert.Null(none.CadenceDays);
        Assert.Null(none.NextContactDue);
        Assert.False(none.Overdue);
    }

    [Fact]
    public async Task OverdueIsRecomputedAsTimePasses()
    {
        var client = await app.SignUpAsync();
        var contact = await Create(client, new ContactRequest { Name = "Kim", KeepInTouchDays = 10, LastContactedAt = app.Clock.Now.UtcDateTime });
        Assert.False(contact.Overdue);
        Assert.Empty((await List(client, "?overdue=true")).Items);

        app.Clock.Advance(TimeSpan.FromDays(11));
        var later = await (await client.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>();
        Assert.True(later.Overdue);
        Assert.Equal(11, later.DaysSinceContact);
        Assert.Single((await List(client, "?overdue=true")).Items);
    }

    [Fact]
    public async Task SearchLooksAtNameCompanyHeadlineAndInterests()
    {
        var client = await app.SignUpAsync();
        await Create(client, new ContactRequest { Name = "Amara", Company = "Northwind" });
        await Create(client, new ContactRequest { Name = "Ben", Headline = "Climate investor" });
        await Create(client, Person("Chen", "Carbon capture"));
        await Create(client, Person("Dana", "football"));

        Assert.Equal(["Amara"], (await List(client, "?q=NORTHWIND")).Items.Select(c => c.Name));
        Assert.Equal(["Ben"], (await List(client, "?q=climate")).Items.Select(c => c.Name));
        Assert.Equal(["Chen"], (await List(client, "?q=carbon%20cap")).Items.Select(c => c.Name));
        Assert.Equal(["Dana"], (await List(client, "?q=dan")).Items.Select(c => c.Name));
        Assert.Empty((await List(client, "?q=gardening")).Items);
    }

    [Fact]
    public async Task FiltersByCircleAndExactInterest()
    {
        var client = await app.SignUpAsync();
        await Create(client, new ContactRequest { Name = "A", Circle = Circle.Peer, Interests = ["AI"] });
        await Create(client, new ContactRequest { Name = "B", Circle = Circle.Mentor, Interests = ["AI safety"] });
        await Create(client, new ContactRequest { Name = "C", Circle = Circle.Peer, Interests = ["gardening"] });

        Assert.Equal(["A", "C"], (await List(client, "?circle=peer")).Items.Select(c => c.Name));
        // An exact phrase: "ai" is not "AI safety".
        Assert.Equal(["A"], (await List(client, "?interest=ai")).Items.Select(c => c.Name));
        Assert.Equal(["A"], (await List(client, "?interest=AI&circle=peer")).Items.Select(c => c.Name));
    }

    [Fact]
    public async Task OverdueViewListsTheMostOverdueFirst()
    {
        var client = await app.SignUpAsync();
        var now = app.Clock.Now.UtcDateTime;
        await Create(client, new ContactRequest { Name = "Slightly", KeepInTouchDays = 30, LastContactedAt = now.AddDays(-31) });
        await Create(client, new ContactRequest { Name = "Very", KeepInTouchDays = 30, LastContactedAt = now.AddDays(-300) });
        await Create(client, new ContactRequest { Name = "Fine", KeepInTouchDays = 30, LastContactedAt = now.AddDays(-1) });

        var overdue = await List(client, "?overdue=true&sort=overdue");
        Assert.Equal(["Very", "Slightly"], overdue.Items.Select(c => c.Name));
        Assert.Equal(["Fine"], (await List(client, "?overdue=false")).Items.Select(c => c.Name));
    }

    [Fact]
    public async Task ContactsSortByTheirNameWithoutTitles()
    {
        var client = await app.SignUpAsync();
        foreach (var name in new[] { "Dr. Tom Okafor", "ben carter", "Prof. Dame Sarah Gilbert", "Élodie Roux", "Mr Zeke Adams", "Ada Lovelace, PhD" })
            await Create(client, Person(name));

        var names = (await List(client, "?sort=name")).Items.Select(c => c.Name).ToList();

        Assert.Equal(["Ada Lovelace, PhD", "ben carter", "Élodie Roux", "Prof. Dame Sarah Gilbert", "Dr. Tom Okafor", "Mr Zeke Adams"], names);
    }

    [Fact]
    public async Task PagesAreStableAndCarryTheTotal()
    {
        var client = await app.SignUpAsync();
        foreach (var name in new[] { "Eve", "Ann", "Dan", "Ann", "Bob", "Cat", "Ann" })
            await Create(client, new ContactRequest { Name = name });

        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await List(client, $"?page={page}&pageSize=3");
            Assert.Equal(7, result.Total);
            seen.AddRange(result.Items.Select(c => c.Id));
        }
        Assert.Equal(7, seen.Distinct().Count());
        var all = await List(client, "?pageSize=200");
        Assert.Equal(all.Items.Select(c => c.Id), seen);
        Assert.Equal(["Ann", "Ann", "Ann", "Bob", "Cat", "Dan", "Eve"], all.Items.Select(c => c.Name));
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    public async Task InvalidPagingNamesTheParameter(string query, string field)
    {
        var client = await app.SignUpAsync();
        await (await client.GetAsync("/api/contacts" + query)).ValidationProblem(field);
    }

    [Fact]
    public async Task APageWhoseOffsetWouldOverflowIs400AndAFarPageIsEmpty()
    {
        var client = await app.SignUpAsync();
        await Create(client, new ContactRequest { Name = "Only" });
        // (page − 1) × pageSize past 2³¹ used to wrap around to a negative offset and answer page 1.
        await (await client.GetAsync("/api/contacts?page=2147483647&pageSize=200")).ValidationProblem("page");
        var far = await List(client, "?page=1000000&pageSize=200");
        Assert.Empty(far.Items);
        Assert.Equal(1, far.Total);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2400-02-29T00:00:00Z")]
    public async Task ALastContactDateOutsideASaneRangeIs400NamingTheField(string date)
    {
        var client = await app.SignUpAsync();
        var body = $$"""{"name":"Far Future","circle":"strategic","lastContactedAt":"{{date}}"}""";
        var post = await client.PostAsync("/api/contacts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await post.ValidationProblem("lastContactedAt");

        var contact = await Create(client, new ContactRequest { Name = "Far Future", Circle = Circle.Strategic });
        var put = await client.PutAsync($"/api/contacts/{contact.Id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await put.ValidationProblem("lastContactedAt");
    }

    [Theory]
    [InlineData("\u0000", null, "name")]
    [InlineData("\u0001\u001F\u007F", null, "name")]
    [InlineData("Ana\u0000Ruiz", null, "name")]
    [InlineData("Ana", "\u0000", "interests")]
    [InlineData("Ana", "ai\u0007", "interests")]
    public async Task ControlCharactersInANameOrInterestAre400(string name, string? interest, string field)
    {
        var client = await app.SignUpAsync();
        var request = new ContactRequest { Name = name, Interests = interest is null ? null : [interest] };
        await (await client.Post("/api/contacts", request)).ValidationProblem(field);
        Assert.Empty((await List(client)).Items);
    }

    [Fact]
    public async Task PutReplacesTheContact()
    {
        var client = await app.SignUpAsync();
        var contact = await Create(client, new ContactRequest { Name = "Old", Company = "Co", Interests = ["a"] });
        var updated = await (await client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = "New", Interests = ["b", "c"] })).Read<ContactResponse>();

        Assert.Equal("New", updated.Name);
        Assert.Null(updated.Company);
        Assert.Equal(["b", "c"], updated.Interests);
        Assert.Equal(["New"], (await List(client, "?interest=b")).Items.Select(c => c.Name));
        Assert.Empty((await List(client, "?interest=a")).Items);
    }

    [Fact]
    public async Task PutValidatesLikePost()
    {
        var client = await app.SignUpAsync();
        var contact = await Create(client, new ContactRequest { Name = "Ok" });
        await (await client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = "" })).ValidationProblem("name");
        Assert.Equal("Ok", (await (await client.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>()).Name);
    }

    [Fact]
    public async Task DeletedContactIsGone()
    {
        var client = await app.SignUpAsync();
        var contact = await Create(client, new ContactRequest { Name = "Gone" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/contacts/{contact.Id}")).StatusCode);
        await (await client.GetAsync($"/api/contacts/{contact.Id}")).Problem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/contacts/{contact.Id}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownIdsAre404ProblemDetails()
    {
        var client = await app.SignUpAsync();
        var id = Guid.NewGuid();
        await (await client.GetAsync($"/api/contacts/{id}")).Problem(HttpStatusCode.NotFound);
        await (await client.Put($"/api/contacts/{id}", new ContactRequest { Name = "X" })).Problem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/contacts/{id}")).Problem(HttpStatusCode.NotFound);
    }
}
