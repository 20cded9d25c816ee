using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Tests.Suggestions;

public sealed class MessageDrafterTests
{
    readonly MessageDrafter drafter = new();
    const string Url = "https://news.example.com/carbon-capture-norway";

    static MessageDrafter.Input Input(string name = "Ben Carter", int? days = 20, string? selection = null, Guid? id = null, string? title = null) => new(
        id ?? Guid.Parse("0195f6a0-0000-7000-8000-000000000001"), name, "bencarter", days, "carbon capture",
        "The Longship plant injected its first million tonnes of CO2 under the North Sea this winter.",
        Url, title ?? "Norway's carbon store passes a milestone", "The Ledger", selection, "Ana Ruiz");

    [Fact]
    public void TheDraftNamesThePersonTheirInterestAndAnArticleDetail()
    {
        var (message, _) = drafter.Draft(Input(), Channel.Email, ShareAction.Send);

        Assert.Contains("Ben", message.Text);
        Assert.DoesNotContain("Carter", message.Text.Split('\n')[0]);
        Assert.Contains("carbon capture", message.Text);
        Assert.Contains("first million tonnes", message.Text);
        Assert.Contains(Url, message.Text);
        Assert.Contains("Ana", message.Text);
        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
    }

    [Fact]
    public void NoDraftContainsAStockPhrase()
    {
        foreach (var days in new int?[] { null, 10, 200, 800 })
        foreach (var channel in new[] { Channel.Email, Channel.WhatsApp, Channel.X, Channel.LinkedIn })
        for (var i = 0; i < 12; i++)
        {
            var (message, texts) = drafter.Draft(Input(days: days, id: Guid.CreateVersion7()), channel, channel == Channel.X ? ShareAction.Tag : ShareAction.Send);
            foreach (var text in new[] { message.Text, message.Subject, texts.Email, texts.Short, texts.XPost, texts.PublicPost })
            foreach (var phrase in MessageDrafter.StockPhrases)
                Assert.DoesNotContain(phrase, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ALongSilenceIsAcknowledgedAndARecentContactIsNot()
    {
        var (stale, _) = drafter.Draft(Input(days: 400), Channel.Email, ShareAction.Send);
        var (recent, _) = drafter.Draft(Input(days: 30), Channel.Email, ShareAction.Send);

        Assert.Matches("(too long|longer than I'd like|haven't spoken)", stale.Text);
        Assert.Contains("year", stale.Text);
        Assert.DoesNotMatch("(too long|longer than I'd like|haven't spoken)", recent.Text);
    }

    [Fact]
    public void TheUsersSelectionIsQuoted()
    {
        var (message, _) = drafter.Draft(Input(selection: "storage capacity could triple by 2030"), Channel.Email, ShareAction.Send);
        Assert.Contains("“storage capacity could triple by 2030”", message.Text);
    }

    [Fact]
    public void TheSameInputsGiveTheSameDraft()
    {
        var a = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        var b = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        Assert.Equal(a, b);
    }

    [Fact]
    public void TwoContactsNeverGetTheSameText()
    {
        var texts = Enumerable.Range(0, 20)
            .Select(i => drafter.Draft(Input(name: $"Sam Lee", id: Guid.CreateVersion7()), Channel.Email, ShareAction.Send).Message.Text)
            .ToList();
        // Same first name, same article: the wording itself must vary.
        Assert.True(texts.Distinct().Count() >= 8, $"only {texts.Distinct().Count()} distinct drafts of 20");
    }

    [Fact]
    public void ChannelsGetTheirOwnLength()
    {
        var (email, texts) = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        var (x, _) = drafter.Draft(Input(), Channel.X, ShareAction.Tag);
        var (whatsapp, _) = drafter.Draft(Input(), Channel.WhatsApp, ShareAction.Send);

        Assert.True(x.Text.Length + 1 + Url.Length <= 280);
        Assert.StartsWith("Norway", x.Text);
        Assert.Contains("@bencarter", x.Text);
        Assert.True(whatsapp.Text.Length < email.Text.Length);
        Assert.Equal(texts.Email, email.Text);
    }

    [Fact]
    public void MarkdownIsRenderedSafely()
    {
        var input = Input(name: "<script>alert(1)</script>", title: "Fish & <b>chips</b> [click](javascript:alert(1))");
        var (message, _) = drafter.Draft(input, Channel.Email, ShareAction.Send);

        Assert.DoesNotContain("<script", message.Html);
        Assert.DoesNotContain("<b>", message.Html);
        Assert.DoesNotContain("href=\"javascript", message.Html);
        Assert.Contains("&lt;script&gt;", message.Html);
        Assert.Contains($"<a href=\"{Url}\">", message.Html);
    }

    [Fact]
    public void ABarePhraseIsNotQuotedAsADetailTheLeadIs()
    {
        var input = Input() with
        {
            Evidence = "carbon capture",
            Lead = "Iceland's newest plant pulls 36,000 tonnes of CO2 a year out of the air and turns it to stone. Later sentences follow.",
        };
        var (message, _) = drafter.Draft(input, Channel.Email, ShareAction.Send);

        Assert.DoesNotContain("“carbon capture”", message.Text);
        Assert.Contains("“Iceland's newest plant pulls 36,000 tonnes of CO2 a year out of the air and turns it to stone.”", message.Text);
    }
}
