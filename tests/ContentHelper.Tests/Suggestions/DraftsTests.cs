using System.Net;
using System.Text.RegularExpressions;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>Drafts as the popup gets them: tone, the user's learned voice, and imported fields that must not show.</summary>
[Trait("Storage", "Portable")]
public sealed class DraftsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    DateTime Now => app.Clock.Now.UtcDateTime;

    static async Task<ContactResponse> Contact(HttpClient client, ContactRequest request) =>
        await (await client.Post("/api/contacts", request)).Read<ContactResponse>(HttpStatusCode.Created);

    static async Task<SuggestionsResponse> Suggest(HttpClient client, DraftTone? tone = null, string url = Pages.CarbonUrl) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = Pages.Carbon(canonical: url), Tone = tone }))
            .Read<SuggestionsResponse>();

    async Task<HttpClient> WithBen()
    {
        var client = await app.SignUpAsync();
        await client.Put("/api/me", new UpdateMeRequest { Name = "Ana Ruiz" });
        await Contact(client, new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"], Email = "ben@example.com", LastContactedAt = Now.AddDays(-300) });
        return client;
    }

    [Fact]
    public async Task TheRequestsToneChangesTheDraft()
    {
        var client = await WithBen();

        var formal = (await Suggest(client, DraftTone.Formal)).Suggestions[0].Message.Text;
        var brief = (await Suggest(client, DraftTone.Brief)).Suggestions[0].Message.Text;

        Assert.Matches("^(Dear|Hello) Ben,", formal);
        Assert.EndsWith("Best regards,\nAna Ruiz", formal);
        Assert.EndsWith("\n\nAna", brief);
        Assert.NotEqual(formal, brief);
    }

    [Fact]
    public async Task TheAccountsToneIsTheDefault()
    {
        var client = await WithBen();
        var me = await (await client.Put("/api/me", new UpdateMeRequest { Name = "Ana Ruiz", Tone = DraftTone.Formal })).Read<MeResponse>();

        var text = (await Suggest(client)).Suggestions[0].Message.Text;

        Assert.Equal(DraftTone.Formal, me.Tone);
        Assert.EndsWith("Best regards,\nAna Ruiz", text);
    }

    // A simulated user whose edits follow one style: "Morning Sam!" (a greeting the drafts never use on their own),
    // two sentences, "Cheers, Ana" (the drafts' own "Cheers," takes a line break).
    async Task ShareInOwnStyle(HttpClient client, int notes)
    {
        for (var i = 0; i < notes; i++)
        {
            var first = new[] { "Sam", "Tom", "Mia", "Joe", "Eva" }[i % 5];
            var person = await Contact(client, new ContactRequest { Name = $"{first} Person{i}", Email = $"p{i}@example.com" });
            var share = await client.Post("/api/shares", new CreateShareRequest
            {
                ContactIds = [person.Id], Url = $"https://example.com/story-{i}", Title = $"Story {i}", Action = ShareAction.Send, Channel = Channel.Email,
                Message = $"Morning {first}!\n\nThis one is about the harbour plans. Worth a look when the kettle is on.\n\nhttps://example.com/story-{i}\n\nCheers, Ana",
                IdempotencyKey = Guid.NewGuid().ToString(),
            });
            Assert.Equal(HttpStatusCode.Created, share.StatusCode);
            app.Clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    static int BodySentences(string text)
    {
        var paragraphs = text.Split("\n\n").Skip(1).SkipLast(1).Where(p => !p.StartsWith("http", StringComparison.Ordinal));
        return Regex.Matches(Regex.Replace(Regex.Replace(string.Join(' ', paragraphs), @"“[^”]*”(?=\s*$|\s+[A-Z“])", "Q."), "“[^”]*”", "Q"), @"[.!?](?=\s|$)").Count;
    }

    [Fact]
    public async Task AfterAFewNotesInTheirOwnStyleTheDraftUsesTheUsersGreetingSignOffAndLength()
    {
        var client = await WithBen();
        var before = (await Suggest(client)).Suggestions[0].Message.Text;
        await ShareInOwnStyle(client, 4);

        var after = (await Suggest(client)).Suggestions[0].Message.Text;
        var voice = await (await client.GetAsync("/api/me/voice")).Read<VoiceResponse>();

        Assert.DoesNotMatch("^Morning", before);
        Assert.DoesNotContain("Cheers, Ana", before);
        Assert.StartsWith("Morning Ben!\n\n", after);
        Assert.EndsWith("\n\nCheers, Ana", after);
        Assert.Equal(2, BodySentences(after));
        Assert.Equal("Morning {0}!", voice.Greeting);
        Assert.Equal(4, voice.LearnedFrom);
    }

    [Fact]
    public async Task WithVoiceLearningOffTheDraftKeepsItsOwnWording()
    {
        var client = await WithBen();
        await client.Put("/api/me", new UpdateMeRequest { Name = "Ana Ruiz", LearnVoice = false });
        await ShareInOwnStyle(client, 4);

        var text = (await Suggest(client)).Suggestions[0].Message.Text;

        Assert.DoesNotMatch("^Morning", text);
        Assert.DoesNotContain("Cheers, Ana", text);
        Assert.False((await (await client.GetAsync("/api/me/voice")).Read<VoiceResponse>()).Enabled);
    }

    [Fact]
    public async Task AfterForgettingTheVoiceTheDraftKeepsItsOwnWordingAndTheSharesStay()
    {
        var client = await WithBen();
        await ShareInOwnStyle(client, 4);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/me/voice")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var text = (await Suggest(client)).Suggestions[0].Message.Text;
        var voice = await (await client.GetAsync("/api/me/voice")).Read<VoiceResponse>();
        var history = await client.GetStringAsync("/api/shares");

        Assert.DoesNotMatch("^Morning", text);
        Assert.DoesNotContain("Cheers, Ana", text);
        Assert.Equal(0, voice.LearnedFrom);
        Assert.Contains("harbour plans", history);
    }

    [Fact]
    public async Task PoisonedImportedFieldsNeverReachADraftOrAReason()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest
        {
            Name = "Pat Quinn", Company = "=cmd|' /C calc'!A0", Headline = "<script>alert(1)</script>",
            Notes = "=HYPERLINK(\"http://x\") North Sea", Interests = ["carbon capture", "=HYPERLINK(\"http://x\",\"carbon\")"],
            Email = "pat@example.com", LastContactedAt = Now.AddDays(-400),
        });

        var suggestion = Assert.Single((await Suggest(client)).Suggestions);
        var reasons = string.Join(" ", suggestion.Reasons.Select(r => $"{r.Interest} {r.Evidence} {r.Sentence} {r.From}"));

        Assert.NotEmpty(suggestion.Reasons);
        foreach (var text in new[] { suggestion.Message.Text, suggestion.Message.Subject ?? "", reasons })
        foreach (var mark in new[] { "=cmd", "calc", "<script", "alert(", "HYPERLINK" })
            Assert.DoesNotContain(mark, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AGroupPostNamesSomeoneWhoseImportedNameIsMarkupByTheirHandle()
    {
        var client = await app.SignUpAsync();
        await Contact(client, new ContactRequest { Name = "<img src=x onerror=alert(1)>", Interests = ["carbon capture"], XHandle = "oddone", Circle = Circle.InformationGenerator });
        await Contact(client, new ContactRequest { Name = "Lena Fischer", Interests = ["carbon capture"], XHandle = "lenafischer", Circle = Circle.InformationGenerator });

        var group = (await Suggest(client)).GroupTag;

        Assert.NotNull(group);
        Assert.Contains("@oddone", group.Text);
        Assert.DoesNotContain("<img", group.Text);
    }
}
