using ContentHelper.Api.Articles;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using Markdig;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Drafts the note that goes with an article, built from the article's own point (the sentence that matched, else
/// its lead) and from the person: their first name, the interest in their own words, their company or role, a
/// place or name from the user's notes that the article also mentions, the last piece the user sent them, and an
/// honest line about a long silence. Every sentence carries one of those; none is a stock phrase. Wording varies by
/// contact and article through a stable hash, so the same inputs always give the same draft and two contacts never
/// get the same text.
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
        // Found by trying the product on real pages: canned lines that say nothing about the article or the person.
        "made me think of you", "your interest in", "you're the first person i think of", "the first person i think of",
        "for anything on", "i'd love to hear your take", "when you have a minute", "no reply needed",
        "had your name on it", "felt like one for you", "for your reading list", "curious what you make of it",
        "compare notes on it sometime", "long time!",
    ];

    /// <summary>Days of silence after which the note says so.</summary>
    public const int LongGapDays = 180;

    const int EmailQuoteChars = 240, ShortQuoteChars = 140, TitleChars = 140;

    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    static readonly string[] Greetings = ["Hi {0},", "Hello {0},", "{0} —", "Hey {0},"];
    // A title with a surname only ("Dr. Okafor") reads wrong after "Hey".
    static readonly string[] FormalGreetings = ["Hello {0},", "Dear {0},"];
    // Each gap line as a sentence of its own and as the rest of the greeting's sentence (short channels).
    static readonly (string Alone, string AfterGreeting)[] Gaps =
    [
        ("It's been {0} since we last spoke, which is far too long.", "it's been {0} since we last spoke, which is far too long."),
        ("I realise it's been {0} since we were last in touch, which is longer than I'd like.", "I realise it's been {0} since we were last in touch, which is longer than I'd like."),
        ("We haven't spoken in {0}, and this piece is a good reason to change that.", "we haven't spoken in {0}, and this piece is a good reason to change that."),
    ];
    // {0} the article ("“Title” (Site)"), {1} the interest; followed by the article's own sentence.
    static readonly string[] PointOpeners =
    [
        "{0} gets into {1}:",
        "{0} has a passage on {1}:",
        "On {1}, {0} puts it like this:",
    ];
    // The same without a sentence to quote.
    static readonly string[] BareOpeners = ["{0} is about {1}.", "{0} goes into {1}."];
    static readonly string[] CompanyQuestions =
    [
        "Is that what you're seeing at {0}?",
        "Does it match what you see at {0}?",
        "I wonder whether it squares with what {0} is finding.",
    ];
    static readonly string[] RoleQuestions = ["With your {0} hat on, does it ring true?", "Does it ring true with your {0} hat on?"];
    static readonly string[] InterestQuestions =
    [
        "Does it match what you know of {0}?",
        "Is that how {0} looks from where you are?",
        "Where do you land on it, given all your work on {0}?",
    ];
    static readonly string[] Recalls =
    [
        "It picks up where {0}, which I sent you {1}, left off.",
        "It follows on from {0}, the piece I sent you {1}.",
    ];
    static readonly string[] NoteRecalls = ["It brought back our conversation about {0}.", "It took me back to what you told me about {0}."];
    // {0} the interest as a sentence starts, {1} the title, {2} the interest as written.
    static readonly string[] Subjects = ["{0} — {1}", "{1} ({2})"];
    static readonly string[] PublicLines =
    [
        "{0}, this is squarely in your {1} world.",
        "{0} — one for you, given your work on {1}.",
        "Thinking of {0} and {1} as I read this.",
    ];

    // Capitalised words that are not names worth recalling from a note.
    static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "They", "She", "His", "Her", "And", "But", "Also", "Mum", "Dad", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    };

    /// <summary>The last piece the user sent this contact.</summary>
    public sealed record PreviousShare(string Title, DateTime SharedAt);

    public sealed record Input(
        Guid ContactId, string ContactName, string? XHandle, int? DaysSinceContact, string Interest, string? Evidence,
        string ArticleUrl, string? ArticleTitle, string? SiteName, string? Selection, string? SenderName, string? Lead = null,
        string? Headline = null, string? Company = null, string? Notes = null, PreviousShare? LastShare = null, DateTime? Now = null);

    public (DraftMessage Message, DraftTexts Texts) Draft(Input input, Channel channel, ShareAction action)
    {
        var first = PersonNames.FirstName(input.ContactName);
        var title = Clip(input.ArticleTitle is { Length: > 0 } t ? t : input.SiteName ?? "this article", TitleChars) ?? "this article";
        var interest = input.Interest.Trim();
        var pick = new Chooser(input.ContactId, input.ArticleUrl);

        var formal = first.Contains(' ');
        var greeting = Format(pick.Of(formal ? FormalGreetings : Greetings, 6), first);
        var gap = input.DaysSinceContact is > LongGapDays ? pick.Of(Gaps, 1) : default;
        var span = input.DaysSinceContact is { } d ? Span(d) : "";
        var point = Point(input, title);
        var quoted = input.Selection is { Length: > 0 } selected ? Clip(selected, 2000) : point;
        var article = Quote(title, TitleChars) + (string.IsNullOrWhiteSpace(input.SiteName) || SameText(input.SiteName, title) ? "" : $" ({input.SiteName.Trim()})");
        var opener = Capitalise(Format(pick.Of(quoted is null ? BareOpeners : PointOpeners, 2), article, interest));
        var person = PersonLines(input, interest, pick);
        var signOff = string.IsNullOrWhiteSpace(input.SenderName) ? null : PersonNames.FirstName(input.SenderName);

        var gapAlone = gap.Alone is null ? null : Format(gap.Alone, span);
        var email = Paragraphs(greeting, Join(gapAlone, opener), quoted is null ? null : Quote(quoted, EmailQuoteChars), person,
            input.ArticleUrl, signOff);
        // Short channels: the greeting and the gap make one sentence ("Hi Ben, it's been over a year since …").
        var shortGreeting = gap.AfterGreeting is null ? greeting : greeting + " " + Format(gap.AfterGreeting, span);
        var shortText = Paragraphs(shortGreeting, opener, quoted is null ? null : Quote(quoted, ShortQuoteChars), input.ArticleUrl, signOff);

        var mention = input.XHandle is { Length: > 0 } handle ? "@" + handle : first;
        var xPost = ShareLinks.FitForX($"{Clip(title, 120)} — {Format(pick.Of(PublicLines, 7), mention, interest)}", input.ArticleUrl);
        var publicQuote = point is null ? "" : Quote(point, EmailQuoteChars) + "\n\n";
        var publicPost = $"{title}\n\n{publicQuote}{Format(pick.Of(PublicLines, 7), input.ContactName, interest)}\n\n{input.ArticleUrl}";
        // The title alone when it already names the interest: "On impeachment: Impeachment hearings…" says it twice.
        var subject = Clip(Mentions(title, interest) ? title : Format(pick.Of(Subjects, 8), Capitalise(interest), title, interest), 120) ?? title;

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
    /// What ties the article to this person: a name from the user's notes that the article mentions too, the last
    /// piece sent when it was on the same subject, and a question about their company, their role or their interest.
    /// </summary>
    static string PersonLines(Input input, string interest, Chooser pick)
    {
        var lines = new List<string>();
        var articleText = string.Join(' ', input.ArticleTitle, input.Evidence, input.Lead, input.Selection);
        if (NoteName(input.Notes, articleText) is { } name) lines.Add(Format(pick.Of(NoteRecalls, 9), name));
        if (input.LastShare is { } last && !string.IsNullOrWhiteSpace(last.Title)
            && (Mentions(last.Title, interest) || SharesWord(last.Title, input.ArticleTitle ?? "")))
            lines.Add(Format(pick.Of(Recalls, 10), Quote(last.Title, 100), When(last.SharedAt, input.Now)));

        if (!string.IsNullOrWhiteSpace(input.Company))
            lines.Add(Format(pick.Of(CompanyQuestions, 11), input.Company.Trim()));
        else if (Role(input.Headline) is { } role)
            lines.Add(Format(pick.Of(RoleQuestions, 11), role));
        else
            lines.Add(Format(pick.Of(InterestQuestions, 11), interest));
        return string.Join(' ', lines);
    }

    /// <summary>
    /// A place, person or organisation the user's notes name mid-sentence and the article names too: "Asked about
    /// Iceland last spring." and an article on Icelandic carbon stores → "Iceland". Only such a name is taken from
    /// private notes, never their wording.
    /// </summary>
    static string? NoteName(string? notes, string articleText)
    {
        if (string.IsNullOrWhiteSpace(notes) || string.IsNullOrWhiteSpace(articleText)) return null;
        var words = notes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < words.Length; i++)
        {
            var previous = words[i - 1];
            if (previous.EndsWith('.') || previous.EndsWith('!') || previous.EndsWith('?') || previous.EndsWith(':')) continue;
            var word = words[i].Trim('.', ',', ';', ':', '!', '?', '(', ')', '"', '“', '”', '\'', '*', '_');
            if (word.Length < 3 || !char.IsUpper(word[0]) || NotNames.Contains(word) || word.Skip(1).All(char.IsUpper) && word.Length > 5)
                continue;
            if (articleText.Contains(word, StringComparison.Ordinal)) return word;
        }
        return null;
    }

    /// <summary>A short headline as a role to put in a sentence: "Climate tech investor" → "climate tech investor", "CFO" stays.</summary>
    static string? Role(string? headline)
    {
        if (string.IsNullOrWhiteSpace(headline)) return null;
        var text = headline.Trim();
        if (text.IndexOfAny([',', '|', '·', '@', '(', '/']) >= 0 || text.Contains(" at ", StringComparison.OrdinalIgnoreCase)) return null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 5) return null;
        // Title Case words are lowered to sit inside a sentence; acronyms (CFO, ML) keep their case.
        return string.Join(' ', words.Select(w => w.Length > 1 && char.IsUpper(w[0]) && w.Skip(1).All(char.IsLower) ? char.ToLowerInvariant(w[0]) + w[1..] : w));
    }

    static string When(DateTime sharedAt, DateTime? now)
    {
        if (now is not { } today) return "a while ago";
        var days = (today - sharedAt).TotalDays;
        if (days < 21) return "the other day";
        return days < 330
            ? "in " + sharedAt.ToString("MMMM", CultureInfo.InvariantCulture)
            : "in " + sharedAt.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The article's own point: the sentence that matched, else its lead sentence. A bare phrase that only repeats
    /// the interest ("carbon capture") or the title is no point at all.
    /// </summary>
    static string? Point(Input input, string title)
    {
        foreach (var candidate in new[] { input.Evidence, FirstSentence(input.Lead) })
        {
            if (Clip(candidate, 2000) is not { } text) continue;
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

    const string Openers = "\"“„«", Closers = "\"”»";

    /// <summary>
    /// A sentence from the page in “…”: its own outer quote marks dropped, quotes inside made single (‘…’), cut at a
    /// word with an ellipsis, and every quote it opened closed again — never “"…"”, never a quote left open.
    /// </summary>
    static string Quote(string text, int max)
    {
        var clean = Clip(text, int.MaxValue) ?? "";
        if (clean.Length >= 2 && Openers.Contains(clean[0]) && Closers.Contains(clean[^1])
            && clean[1..^1].IndexOfAny(['"', '“', '”', '„', '«', '»']) < 0)
            clean = clean[1..^1].Trim();
        clean = Clip(clean, max) ?? "";
        var sb = new StringBuilder(clean.Length + 4);
        var open = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var ch = clean[i];
            var opening = ch is '“' or '„' or '«' || ch == '"' && (i == 0 || char.IsWhiteSpace(clean[i - 1]) || "([{—–-".Contains(clean[i - 1]));
            var closing = !opening && (ch is '”' or '»' || ch == '"');
            if (opening) { sb.Append('‘'); open++; }
            else if (closing) { sb.Append('’'); open = Math.Max(0, open - 1); }
            else sb.Append(ch);
        }
        sb.Append('’', open);
        return "“" + sb + "”";
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
    readonly struct Chooser(Guid contactId, string url)
    {
        readonly ulong seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(contactId.ToString("N") + url)));

        public T Of<T>(T[] options, int part) => options[(int)((seed >> (part * 5 % 60)) % (ulong)options.Length)];
    }

    static string Span(int days) => days switch
    {
        < 365 => $"{days / 30} months",
        < 730 => "over a year",
        _ => $"about {days / 365} years",
    };

    static string Paragraphs(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrEmpty(p)));

    static string? Join(string? a, string b) => a is null ? b : a + " " + b;

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    static bool SameText(string a, string b) =>
        ArticleIdentity.TitleKey(a) == ArticleIdentity.TitleKey(b);

    /// <summary>Whether <paramref name="text"/> names every word of <paramref name="phrase"/> (by its first five letters: "impeachment" meets "impeach").</summary>
    static bool Mentions(string text, string phrase)
    {
        var words = Stems(text);
        var wanted = Stems(phrase);
        return wanted.Count > 0 && wanted.All(words.Contains);
    }

    static bool SharesWord(string a, string b) => Stems(a).Overlaps(Stems(b));

    static HashSet<string> Stems(string text) =>
        [.. ArticleIdentity.TitleKey(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).Select(w => w.Length > 5 ? w[..5] : w)];

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
