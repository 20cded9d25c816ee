using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using Markdig;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Drafts the note that goes with an article: the contact's first name, the interest that matched in their own
/// words, one concrete line from the article, the user's selection when there is one, and an honest line about a
/// long silence — never a stock phrase. Wording varies by contact and article through a stable hash, so the same
/// inputs always give the same draft and two contacts never get the same text.
/// </summary>
public sealed class MessageDrafter
{
    /// <summary>Phrases that make a note read as automated or transactional; no draft may contain one.</summary>
    public static readonly string[] StockPhrases =
    [
        "hope this finds you well", "hope you're well", "hope you are well", "hope all is well", "hope you're doing well",
        "thought you might find this interesting", "thought you'd find this interesting", "you might find this interesting",
        "just wanted to reach out", "reaching out", "just checking in", "touching base", "touch base", "circle back",
        "i came across this article", "pick your brain", "per my last", "as per", "synergy", "quick question",
        "sorry to bother you", "i know you're busy",
    ];

    /// <summary>Months of silence after which the note says so.</summary>
    public const int LongGapDays = 180;

    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    static readonly string[] Greetings = ["Hi {0},", "Hello {0},", "{0} —", "Hey {0},"];
    static readonly string[] Gaps =
    [
        "It's been far too long since we last spoke — {0}, by my count.",
        "I realise it's been {0} since we were last in touch, which is longer than I'd like.",
        "We haven't spoken in {0}; this seemed like a good reason to fix that.",
    ];
    static readonly string[] Hooks =
    [
        "This piece on {1} made me think of you and your interest in {0}.",
        "You're the first person I think of for anything on {0}, so here's one: {1}.",
        "Given how much you care about {0}, {1} felt like one for you.",
        "Something for your {0} reading list: {1}.",
    ];
    static readonly string[] Quotes = ["The line that stayed with me: “{0}”", "This bit stood out: “{0}”", "One detail worth a look: “{0}”"];
    static readonly string[] SelectionLines = ["I'd highlighted this part for you: “{0}”", "Especially this: “{0}”"];
    static readonly string[] Closings =
    [
        "Curious what you make of it.",
        "I'd love to hear your take when you have a minute.",
        "No reply needed — it just had your name on it.",
        "Would be good to compare notes on it sometime.",
    ];
    static readonly string[] Subjects = ["For your {0} file: {1}", "{1}", "On {0}: {1}"];
    static readonly string[] PublicLines =
    [
        "{0}, this is squarely in your {1} world.",
        "{0} — one for you, given your work on {1}.",
        "Thinking of {0} and {1} as I read this.",
    ];

    public sealed record Input(
        Guid ContactId, string ContactName, string? XHandle, int? DaysSinceContact, string Interest, string? Evidence,
        string ArticleUrl, string? ArticleTitle, string? SiteName, string? Selection, string? SenderName, string? Lead = null);

    public (DraftMessage Message, DraftTexts Texts) Draft(Input input, Channel channel, ShareAction action)
    {
        var first = FirstName(input.ContactName);
        var title = Clip(input.ArticleTitle is { Length: > 0 } t ? t : input.SiteName ?? "this article", 140) ?? "this article";
        var interest = input.Interest.Trim();
        var pick = Picker(input.ContactId, input.ArticleUrl);

        var gap = input.DaysSinceContact is > LongGapDays and var days ? Format(pick(Gaps, 1), Span(days)) : null;
        var hook = Format(pick(Hooks, 2), interest, Quote(title));
        var detailText = Detail(input, title);
        var detail = detailText is null ? null : Format(pick(Quotes, 3), detailText);
        var selection = Clip(input.Selection, 240) is { Length: > 0 } selected ? Format(pick(SelectionLines, 4), selected) : null;
        var closing = pick(Closings, 5);
        var greeting = Format(pick(Greetings, 6), first);
        var signOff = string.IsNullOrWhiteSpace(input.SenderName) ? null : FirstName(input.SenderName);

        var paragraphs = new List<string?> { greeting, Join(gap, hook), selection ?? detail, input.ArticleUrl, closing, signOff }
            .Where(p => !string.IsNullOrEmpty(p)).Cast<string>().ToList();
        var email = string.Join("\n\n", paragraphs);
        var shortText = string.Join("\n\n", new[] { greeting + " " + Join(gap is null ? null : "Long time!", hook), Clip(selection ?? detail, 140), input.ArticleUrl }
            .Where(p => !string.IsNullOrEmpty(p)));
        var mention = input.XHandle is { Length: > 0 } handle ? "@" + handle : first;
        var publicLine = Format(pick(PublicLines, 7), mention, interest);
        var xPost = ShareLinks.FitForX($"{Clip(title, 120)} — {publicLine}", input.ArticleUrl);
        var publicQuote = detailText is null ? "" : "“" + detailText + "”\n\n";
        var publicPost = $"{title}\n\n{publicQuote}{Format(pick(PublicLines, 7), input.ContactName, interest)}\n\n{input.ArticleUrl}";
        var subject = Clip(Format(pick(Subjects, 8), interest, title), 120) ?? title;

        var texts = new DraftTexts(subject, email, shortText, xPost, publicPost);
        var text = (channel, action) switch
        {
            (Channel.X, _) => xPost,
            (_, ShareAction.Tag) => publicPost,
            (Channel.WhatsApp or Channel.Telegram, _) => shortText,
            _ => email,
        };
        var markdown = ToMarkdown(text, input.ArticleUrl);
        return (new DraftMessage(subject, text, markdown, Markdig.Markdown.ToHtml(markdown, Markdown)), texts);
    }

    /// <summary>
    /// The concrete line to quote: the article sentence that matched, else its lead sentence. A bare phrase that
    /// only repeats the interest ("carbon capture") or the title is no detail at all.
    /// </summary>
    static string? Detail(Input input, string title)
    {
        foreach (var candidate in new[] { input.Evidence, FirstSentence(input.Lead) })
        {
            if (Clip(candidate, 200) is not { } text) continue;
            if (text.Split(' ').Length < 6 || SameText(text, title) || SameText(text, input.Interest)) continue;
            return text;
        }
        return null;
    }

    static string? FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var end = text.IndexOfAny(['.', '!', '?']);
        return end > 40 ? text[..(end + 1)] : text;
    }

    /// <summary>The plain text as Markdown: every character escaped so names and titles stay text; the article URL becomes a link.</summary>
    static string ToMarkdown(string text, string url)
    {
        var safeUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        var paragraphs = text.Split("\n\n").Select(p =>
            safeUrl && p == url ? $"<{url.Replace("<", "%3C").Replace(">", "%3E").Replace(" ", "%20")}>" : Escape(p).Replace("\n", "  \n"));
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>Backslash-escapes every ASCII punctuation character (CommonMark allows it for all of them).</summary>
    static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            if (ch < 128 && char.IsPunctuation(ch) || ch is '`' or '^' or '<' or '>' or '|' or '~' or '+' or '=' or '$')
                sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>Picks a phrasing per part from a hash of contact and article: stable for the same inputs, varied across them.</summary>
    static Func<string[], int, string> Picker(Guid contactId, string url)
    {
        var seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(contactId.ToString("N") + url)));
        return (options, part) => options[(int)((seed >> (part * 5 % 60)) % (ulong)options.Length)];
    }

    static string FirstName(string name)
    {
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ');
        return space > 0 ? trimmed[..space] : trimmed;
    }

    static string Span(int days) => days switch
    {
        < 365 => $"{days / 30} months",
        < 730 => "over a year",
        _ => $"about {days / 365} years",
    };

    static string Quote(string title) => "“" + title + "”";

    static string? Join(string? a, string b) => a is null ? b : a + " " + b;

    static bool SameText(string a, string b) =>
        ArticleIdentity.TitleKey(a) == ArticleIdentity.TitleKey(b);

    static string Format(string template, params object[] args) => string.Format(CultureInfo.InvariantCulture, template, args);

    /// <summary>Collapses whitespace and cuts at a word boundary with an ellipsis.</summary>
    static string? Clip(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var clean = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length <= max) return clean;
        var cut = clean[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd(',', ';', ':', '-') + "…";
    }
}
