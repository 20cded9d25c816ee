using System.Text;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Links that open a pre-filled share on each channel, in the formats the services document (see PRODUCT.md).
/// Values are percent-encoded per RFC 3986 (only unreserved characters left as they are), so a space is %20,
/// never "+", and line breaks in mailto bodies are %0D%0A as RFC 6068 asks.
/// </summary>
public static class ShareLinks
{
    /// <summary>X counts 280 characters per post; we count the link at its full length to stay inside it whatever X's shortener does.</summary>
    public const int XLimit = 280;

    public static string Email(string address, string subject, string body) =>
        "mailto:" + EncodeAddress(address) + "?subject=" + Encode(subject) + "&body=" + Encode(Crlf(body));

    /// <summary>A chat with this number (international format: WhatsApp refuses a local "07700…"), or a share to anyone without one.</summary>
    public static string WhatsApp(string? internationalPhone, string text)
    {
        var digits = internationalPhone is null ? "" : new string(internationalPhone.Where(char.IsAsciiDigit).ToArray());
        return "https://wa.me/" + digits + "?text=" + Encode(text);
    }

    public static string XPost(string text, string url) =>
        "https://x.com/intent/tweet?text=" + Encode(FitForX(text, url)) + "&url=" + Encode(url);

    public static string LinkedInPost(string url) => "https://www.linkedin.com/sharing/share-offsite/?url=" + Encode(url);

    public static string Facebook(string url) => "https://www.facebook.com/sharer/sharer.php?u=" + Encode(url);

    public static string Telegram(string url, string text) => "https://t.me/share/url?url=" + Encode(url) + "&text=" + Encode(text);

    /// <summary>Shortens <paramref name="text"/> at a word boundary, with an ellipsis, so that text, a space and the link fit in a post.</summary>
    public static string FitForX(string text, string url)
    {
        var room = XLimit - url.Length - 1;
        if (text.Length <= room) return text;
        if (room <= 1) return "";
        var cut = text[..(room - 1)];
        var space = cut.LastIndexOf(' ');
        if (space > room / 2) cut = cut[..space];
        return cut.TrimEnd(' ', ',', ';', ':', '-', '—') + "…";
    }

    /// <summary>Every link this contact can use, the preferred channel first.</summary>
    public static List<ShareLink> For(ContactChannels contact, ShareAction action, DraftTexts texts, string url)
    {
        var links = new List<ShareLink>();
        if (contact.Email is { } email)
            links.Add(new(Channel.Email, ShareAction.Send, "Email", Email(email, texts.Subject, texts.Email), null));
        if (contact.Phone is { } phone)
            links.Add(new(Channel.WhatsApp, ShareAction.Send, "WhatsApp", WhatsApp(phone, texts.Short), null));
        if (contact.LinkedInUrl is { } profile && IsHttp(profile))
            links.Add(new(Channel.LinkedIn, ShareAction.Send, "LinkedIn message", profile, texts.Email));
        if (contact.PreferredChannel == Channel.Telegram)
            links.Add(new(Channel.Telegram, ShareAction.Send, "Telegram", Telegram(url, texts.Short), null));
        if (action == ShareAction.Tag || contact.XHandle is not null || contact.LinkedInUrl is not null)
        {
            if (contact.XHandle is not null)
                links.Add(new(Channel.X, ShareAction.Tag, "Post on X", XPost(texts.XPost, url), null));
            // LinkedIn takes only the URL; the post text (with the mention to type) goes to the clipboard.
            links.Add(new(Channel.LinkedIn, ShareAction.Tag, "Post on LinkedIn", LinkedInPost(url), texts.PublicPost));
        }
        return [.. links.OrderBy(l => Rank(l, contact.PreferredChannel, action))];
    }

    static int Rank(ShareLink link, Channel? preferred, ShareAction action) =>
        (link.Action == action ? 0 : 10) + (link.Channel == preferred ? 0 : 1);

    static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    static string Encode(string value) => Uri.EscapeDataString(value);

    // user@example.com → user@example.com; the "@" stays, everything else outside RFC 3986's unreserved set is encoded.
    static string EncodeAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? Encode(address) : Encode(address[..at]) + "@" + Encode(address[(at + 1)..]);
    }
}

/// <summary>What share links need to know about a contact; the phone in international (E.164) form, null when it is not a valid number.</summary>
public sealed record ContactChannels(string? Email, string? Phone, string? LinkedInUrl, string? XHandle, Channel? PreferredChannel);

/// <summary>The drafted texts, one per channel length.</summary>
public sealed record DraftTexts(string Subject, string Email, string Short, string XPost, string PublicPost);
