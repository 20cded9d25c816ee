using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Tests.Suggestions;

public sealed class ShareLinksTests
{
    const string Article = "https://news.example.com/2026/03/carbon-capture?id=7&lang=en";

    static Dictionary<string, string> Query(string url)
    {
        var query = url[(url.IndexOf('?') + 1)..];
        return query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
    }

    [Fact]
    public void MailtoEncodesSpacesAsPercent20AndLineBreaksAsCrlf()
    {
        var link = ShareLinks.Email("ben.carter+news@example.com", "For you: carbon & capture", "Hi Ben,\n\nLook at this.\r\nBye");

        Assert.StartsWith("mailto:ben.carter%2Bnews@example.com?subject=", link);
        Assert.DoesNotContain("+", link[(link.IndexOf('?'))..]);
        Assert.Contains("For%20you%3A%20carbon%20%26%20capture", link);
        Assert.Contains("Hi%20Ben%2C%0D%0A%0D%0ALook%20at%20this.%0D%0ABye", link);
        Assert.DoesNotContain("%0A%0A", link.Replace("%0D%0A", ""));
        var parts = Query(link);
        Assert.Equal("For you: carbon & capture", parts["subject"]);
        Assert.Equal("Hi Ben,\r\n\r\nLook at this.\r\nBye", parts["body"]);
    }

    [Fact]
    public void WhatsAppUsesTheNumbersDigitsOnly()
    {
        var link = ShareLinks.WhatsApp("+44 (20) 7946-0958", "Hi Ana & co: https://x.example/a?b=1");
        Assert.StartsWith("https://wa.me/442079460958?text=", link);
        Assert.Equal("Hi Ana & co: https://x.example/a?b=1", Query(link)["text"]);
        Assert.True(Uri.TryCreate(link, UriKind.Absolute, out _));
    }

    [Fact]
    public void XPostTextFitsWithTheLink()
    {
        var longText = string.Join(' ', Enumerable.Repeat("carbon capture is finally scaling up", 20));
        var link = ShareLinks.XPost(longText, Article);
        var parts = Query(link);

        Assert.StartsWith("https://x.com/intent/tweet?text=", link);
        Assert.Equal(Article, parts["url"]);
        Assert.True(parts["text"].Length + 1 + parts["url"].Length <= 280, $"{parts["text"].Length} + link");
        Assert.EndsWith("…", parts["text"]);
        Assert.Equal("Short one", Query(ShareLinks.XPost("Short one", Article))["text"]);
    }

    [Fact]
    public void LinkedInFacebookAndTelegramLinksFollowTheDocumentedFormats()
    {
        Assert.Equal("https://www.linkedin.com/sharing/share-offsite/?url=" + Uri.EscapeDataString(Article), ShareLinks.LinkedInPost(Article));
        Assert.Equal("https://www.facebook.com/sharer/sharer.php?u=" + Uri.EscapeDataString(Article), ShareLinks.Facebook(Article));
        var telegram = ShareLinks.Telegram(Article, "Worth a read");
        Assert.Equal(Article, Query(telegram)["url"]);
        Assert.Equal("Worth a read", Query(telegram)["text"]);
    }

    [Fact]
    public void EveryChannelAContactHasGetsALinkPreferredFirst()
    {
        var contact = new ContactChannels("ben@example.com", "+1 555 0100 200", "https://www.linkedin.com/in/ben", "bencarter", Channel.WhatsApp);
        var texts = new DraftTexts("Subject", "Long email text", "Short text", "X text", "Public post text");
        var links = ShareLinks.For(contact, ShareAction.Send, texts, Article);

        Assert.Equal(Channel.WhatsApp, links[0].Channel);
        Assert.Contains(links, l => l.Channel == Channel.Email && l.Url.StartsWith("mailto:ben@example.com"));
        var message = Assert.Single(links, l => l.Channel == Channel.LinkedIn && l.Action == ShareAction.Send);
        Assert.Equal("https://www.linkedin.com/in/ben", message.Url);
        Assert.Equal("Long email text", message.ClipboardText);
        var post = Assert.Single(links, l => l.Channel == Channel.LinkedIn && l.Action == ShareAction.Tag);
        Assert.Equal("Public post text", post.ClipboardText);
        Assert.Contains(links, l => l.Channel == Channel.X && l.Action == ShareAction.Tag);
        Assert.All(links, l => Assert.True(Uri.TryCreate(l.Url, UriKind.Absolute, out _), l.Url));
    }

    [Fact]
    public void AContactWithoutChannelsGetsNoLinks()
    {
        var links = ShareLinks.For(new ContactChannels(null, null, null, null, null), ShareAction.Send,
            new DraftTexts("s", "e", "s", "x", "p"), Article);
        Assert.Empty(links);
    }

    [Fact]
    public void ANonWebProfileUrlIsNeverOffered()
    {
        var links = ShareLinks.For(new ContactChannels(null, null, "javascript:alert(1)", null, Channel.LinkedIn), ShareAction.Send,
            new DraftTexts("s", "e", "s", "x", "p"), Article);
        Assert.DoesNotContain(links, l => l.Url.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
    }
}
