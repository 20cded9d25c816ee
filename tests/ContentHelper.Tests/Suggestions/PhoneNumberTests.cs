using System.Net;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>Phone numbers as people write them, read with libphonenumber in the configured region (Contacts:PhoneRegion).</summary>
public sealed class PhoneNumberTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["Contacts:PhoneRegion"] = "GB" });
    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+44 (0)7911 123-456", null, "+447911123456")]
    [InlineData("+44 (20) 7946-0958", "US", "+442079460958")]
    [InlineData("07911 123456", null, null)]
    [InlineData("12345", "GB", null)]
    public void APhoneIsReadInInternationalFormOrNotAtAll(string written, string? region, string? expected) =>
        Assert.Equal(expected, ContactKeys.Phone(written, region));

    [Fact]
    public async Task ALocalNumberGetsAWhatsAppLinkWithTheCountryCode()
    {
        var client = await app.SignUpAsync();
        await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Ben Carter", Interests = ["carbon capture"], Phone = "07911 123456", PreferredChannel = Channel.WhatsApp,
        });

        var suggestion = Assert.Single((await (await client.Post("/api/suggestions", new SuggestionsRequest
        {
            Url = Pages.CarbonUrl, Html = Pages.Article(Pages.CarbonTitle, Pages.CarbonParagraphs, Pages.CarbonUrl),
        })).Read<SuggestionsResponse>()).Suggestions);

        Assert.Equal(Channel.WhatsApp, suggestion.Channel);
        Assert.StartsWith("https://wa.me/447911123456?text=", Assert.Single(suggestion.Links, l => l.Channel == Channel.WhatsApp).Url);
    }

    [Fact]
    public async Task ANumberThatIsNoPhoneNumberGetsNoWhatsAppLink()
    {
        var client = await app.SignUpAsync();
        await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Ben Carter", Interests = ["carbon capture"], Phone = "12345", Email = "ben@example.com", PreferredChannel = Channel.WhatsApp,
        });

        var suggestion = Assert.Single((await (await client.Post("/api/suggestions", new SuggestionsRequest
        {
            Url = Pages.CarbonUrl, Html = Pages.Article(Pages.CarbonTitle, Pages.CarbonParagraphs, Pages.CarbonUrl),
        })).Read<SuggestionsResponse>()).Suggestions);

        Assert.Equal(Channel.Email, suggestion.Channel);
        Assert.DoesNotContain(suggestion.Links, l => l.Channel == Channel.WhatsApp);
    }

    [Fact]
    public async Task TwoContactsWithOneNumberWrittenTwoWaysAreDuplicates()
    {
        var client = await app.SignUpAsync();
        var local = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben Carter", Phone = "07911 123456" })).Read<ContactResponse>(HttpStatusCode.Created);
        var international = await (await client.Post("/api/contacts", new ContactRequest { Name = "B. Carter (mobile)", Phone = "+44 7911 123456" })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.Post("/api/contacts", new ContactRequest { Name = "Cleo Park", Phone = "07911 654321" });

        var group = Assert.Single((await (await client.GetAsync("/api/contacts/duplicates")).Read<DuplicatesResponse>()).Groups);

        Assert.Equal(new[] { local.Id, international.Id }.Order(), group.Contacts.Select(c => c.Id).Order());
        Assert.Contains("phone", group.Reasons);
    }
}
