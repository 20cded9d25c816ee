namespace ContentHelper.Api.Articles;

/// <summary>Tunables of <see cref="ArticleParser"/>, bound from the "Articles" config section.</summary>
public sealed class ArticleParserOptions
{
    /// <summary>Wall-clock budget for one parse (AngleSharp's parse included); past it the parse throws
    /// <see cref="OperationCanceledException"/>. Pathological pages (20,000-deep nesting) parse in well under 1 s.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest input accepted, in characters; longer input is cut there before parsing (20 MB of HTML
    /// is far beyond any real article and only costs memory).</summary>
    public int MaxHtmlChars { get; set; } = 20_000_000;

    /// <summary>Main text kept for topics, matching and the answer, in characters (cut at a paragraph). 100,000 is a
    /// long feature several times over; past it the text is only more of the same, and the analysis of an 8 MB page of
    /// keywords took seconds per request.</summary>
    public int MaxAnalysedChars { get; set; } = 100_000;

    /// <summary>Pages whose elements nest deeper than this are refused as not-articles before parsing:
    /// AngleSharp's parse time grows with the square of the depth, and real pages nest a few dozen levels.</summary>
    public int MaxNestingDepth { get; set; } = 2_000;

    /// <summary>If the extracted body is shorter than this (characters), extraction is retried with the
    /// boilerplate filters relaxed one at a time, as Readability does. 500 is Readability's default.</summary>
    public int MinBodyChars { get; set; } = 500;

    /// <summary>A page whose main text has fewer words than this is not treated as an article.</summary>
    public int MinArticleWords { get; set; } = 60;

    /// <summary>Reading speed for space-separated scripts; CJK text is counted in characters at 500/min.</summary>
    public int WordsPerMinute { get; set; } = 230;

    public int MaxTags { get; set; } = 30;

    public int MaxImages { get; set; } = 5;
}
