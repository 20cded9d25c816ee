namespace ContentHelper.Api.Articles;

/// <summary>
/// The class/id patterns of <see cref="PageIndex"/> read in one pass over an ASCII class list or id: at each
/// position, only the words that start with that letter are tried. Running the nine patterns one after the
/// other was a tenth of the whole extraction on large pages (one unique class/id pair in three holds a hint
/// word). The patterns stay the definition: a test compares the two on every word of every pattern, in
/// context, and on generated names.
/// </summary>
internal static class ClassHintScan
{
    [Flags]
    public enum Hint : ushort
    {
        None = 0,
        Unlikely = 1,       // UnlikelyCandidate
        Maybe = 1 << 1,     // MaybeCandidate
        Positive = 1 << 2,  // PositiveHint
        Negative = 1 << 3,  // NegativeHint
        Byline = 1 << 4,    // BylineHint
        Widget = 1 << 5,    // WidgetHint
        Caption = 1 << 6,   // CaptionHint
        Contents = 1 << 7,  // ContentsHint
        Date = 1 << 8,      // DateHint
    }

    private enum Rule : byte
    {
        Anywhere,
        // (?<![a-z])word(?![a-z]): "bio", "cta", "toc", "date"
        WholeWord,
        // (?<!(?:no|has|with)[-_]?)word: "caption", "credit" but not "no_caption", "has-credit"
        NotAfterNoHasWith,
        // ^hid$| hid$| hid |^hid : "hid" as a whole space-separated name
        SpaceSeparated,
    }

    /// <summary>Longer class lists are left to the patterns (the scan lower-cases onto the stack).</summary>
    public const int MaxLength = 512;

    // Every alternative of the patterns, with the optional hyphens of "about-?the-?author", "author-?info" and
    // "table-?of-?contents" written out.
    private static readonly (string Word, Hint Hint, Rule Rule)[] Words =
    [
        .. Each(Hint.Unlikely, "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
            "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss",
            "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
            "pagination", "pager", "popup", "yom-remote"),
        .. Each(Hint.Maybe, "and", "article", "body", "column", "content", "main", "mathjax", "shadow"),
        .. Each(Hint.Positive, "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
            "post", "text", "blog", "story"),
        .. Each(Hint.Negative, "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
            "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
            "skyscraper", "sponsor", "shopping", "tags", "widget"),
        ("hid", Hint.Negative, Rule.SpaceSeparated),
        .. Each(Hint.Byline, "byline", "author", "dateline", "writtenby", "p-author"),
        .. Each(Hint.Widget, "share", "sharedaddy", "newsletter", "signup", "sign-up", "abouttheauthor", "about-theauthor",
            "aboutthe-author", "about-the-author", "authorinfo", "author-info"),
        ("bio", Hint.Widget, Rule.WholeWord), ("cta", Hint.Widget, Rule.WholeWord),
        ("caption", Hint.Caption, Rule.NotAfterNoHasWith), ("credit", Hint.Caption, Rule.NotAfterNoHasWith),
        .. Each(Hint.Contents, "tableofcontents", "table-ofcontents", "tableof-contents", "table-of-contents"),
        ("toc", Hint.Contents, Rule.WholeWord),
        .. Each(Hint.Date, "dateline", "timestamp", "pubdate", "published", "posted"),
        ("date", Hint.Date, Rule.WholeWord),
    ];

    /// <summary>Per first two characters (ASCII, 7 bits each), the words that start with them. Every word has
    /// at least three.</summary>
    private static readonly (string Word, Hint Hint, Rule Rule)[]?[] ByFirstTwo = Index();

    private static IEnumerable<(string, Hint, Rule)> Each(Hint hint, params string[] words) =>
        words.Select(w => (w, hint, Rule.Anywhere));

    private static (string, Hint, Rule)[]?[] Index()
    {
        var byFirstTwo = new (string, Hint, Rule)[]?[128 * 128];
        foreach (var group in Words.GroupBy(w => (w.Word[0] << 7) | w.Word[1]))
        {
            byFirstTwo[group.Key] = [.. group];
        }
        return byFirstTwo;
    }

    /// <summary>The patterns one ASCII class list or id matches.</summary>
    public static Hint Scan(string part)
    {
        if (part.Length == 0)
        {
            return Hint.None;
        }
        Span<char> lower = stackalloc char[part.Length];
        if (System.Text.Ascii.ToLower(part, lower, out int written) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("ASCII and at most MaxLength characters", nameof(part));
        }
        ReadOnlySpan<char> text = lower[..written];
        var found = Hint.None;
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (ByFirstTwo[(text[i] << 7) | text[i + 1]] is not { } candidates)
            {
                continue;
            }
            foreach (var (word, hint, rule) in candidates)
            {
                if ((found & hint) == 0 && text[i..].StartsWith(word, StringComparison.Ordinal) && Holds(rule, text, i, word.Length))
                {
                    found |= hint;
                }
            }
        }
        return found;
    }

    private static bool Holds(Rule rule, ReadOnlySpan<char> text, int at, int length) => rule switch
    {
        Rule.WholeWord => !IsLetter(text, at - 1) && !IsLetter(text, at + length),
        Rule.NotAfterNoHasWith => !EndsWithNoHasWith(text[..at]) && !(at > 0 && IsDash(text[at - 1]) && EndsWithNoHasWith(text[..(at - 1)])),
        Rule.SpaceSeparated => (at == 0 || text[at - 1] == ' ') && (at + length == text.Length || text[at + length] == ' '),
        _ => true,
    };

    private static bool IsDash(char c) => c is '-' or '_';

    private static bool IsLetter(ReadOnlySpan<char> text, int i) => i >= 0 && i < text.Length && char.IsAsciiLetterLower(text[i]);

    private static bool EndsWithNoHasWith(ReadOnlySpan<char> text) =>
        text.EndsWith("no", StringComparison.Ordinal) || text.EndsWith("has", StringComparison.Ordinal)
        || text.EndsWith("with", StringComparison.Ordinal);
}
