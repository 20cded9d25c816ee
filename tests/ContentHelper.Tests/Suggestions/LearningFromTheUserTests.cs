using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>
/// The user's own choices are labels for each person: what they shared with someone draws articles like it to them,
/// and "not for them" keeps articles like that one away — whatever their typed interests say.
/// </summary>
public sealed class LearningFromTheUserTests : IDisposable
{
    readonly ContentHelperApp app = new(withModel: true);
    public void Dispose() => app.Dispose();

    const string FirstUrl = "https://sport.example/derby", SecondUrl = "https://sport.example/cup-final";

    static readonly string[] Derby =
    [
        "A stoppage-time header gave the home side a 2-1 win in the Premier League derby on Sunday, after the visitors had led through an early penalty.",
        "The manager praised his substitutes, who changed the game in the last twenty minutes, and said the squad had shown character.",
        "The striker who scored the winner has now found the net in five consecutive league games, the best run of his career.",
        "The result lifts the club to fourth in the table, two points behind the leaders, with ten games of the season left.",
    ];

    static readonly string[] CupFinal =
    [
        "A late goal from the captain won the FA Cup final at Wembley on Saturday, ending a wait of twenty years for a major trophy.",
        "The underdogs had defended deep for most of the match, and their goalkeeper made three fine saves before the break.",
        "The manager said afterwards that the players had followed the plan to the letter, and dedicated the win to the supporters.",
        "The winners will play in the Europa League next season, and the club expects a busy summer in the transfer market.",
    ];

    async Task<SuggestionsResponse> Suggest(HttpClient client, string url, string title, string[] paragraphs) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = Pages.Article(title, paragraphs, url) })).Read<SuggestionsResponse>();

    [Fact]
    public async Task WhatWasSharedWithSomeoneBringsThemArticlesLikeItWithThatAsTheReason()
    {
        var client = await app.SignUpAsync();
        var uncle = await (await client.Post("/api/contacts", new ContactRequest { Name = "Uncle Joe", Interests = ["gardening"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();
        Assert.Empty((await Suggest(client, FirstUrl, "Late header settles the derby", Derby)).Suggestions);

        // The user knows better: Joe follows football, and they send him the derby report anyway.
        (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [uncle.Id], Url = FirstUrl, Title = "Late header settles the derby", Action = ShareAction.Send, Channel = Channel.Email,
            Message = "Joe — your lot won!", IdempotencyKey = "derby-to-joe",
        })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(30));

        var later = await Suggest(client, SecondUrl, "Captain's late goal wins the cup final", CupFinal);

        var suggestion = Assert.Single(later.Suggestions);
        Assert.Equal(uncle.Id, suggestion.Contact.Id);
        Assert.Contains(suggestion.Reasons, r => r.Kind == "feedback" && r.Evidence.Contains("Late header settles the derby", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotForThemKeepsArticlesLikeThatOneFromThem()
    {
        var client = await app.SignUpAsync();
        var fan = await (await client.Post("/api/contacts", new ContactRequest { Name = "Fay Fan", Interests = ["sport"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await app.EmbeddedAsync();
        Assert.Equal(fan.Id, Assert.Single((await Suggest(client, FirstUrl, "Late header settles the derby", Derby)).Suggestions).Contact.Id);

        // Fay follows tennis and cycling, not football: the user says so once.
        (await client.Post("/api/suggestions/dismiss", new DismissRequest { ContactId = fan.Id, Url = FirstUrl, NotForThem = true })).EnsureSuccessStatusCode();

        var later = await Suggest(client, SecondUrl, "Captain's late goal wins the cup final", CupFinal);

        Assert.Empty(later.Suggestions);
    }
}
