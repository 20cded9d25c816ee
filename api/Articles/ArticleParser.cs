using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Api.Articles;

/// <summary>
/// Turns a page's HTML into an <see cref="Article"/>: metadata (see <see cref="MetadataReader"/> for the
/// precedence), the main text (see <see cref="ContentExtractor"/>), and whether the page is an article at all.
/// Stateless and thread-safe: register it as a singleton. Each call parses its own document and never changes
/// it; the one walk over it builds a <see cref="PageIndex"/>.
/// </summary>
public sealed class ArticleParser(ArticleParserOptions? options = null)
{
    // Used when the caller's URL is not absolute: AngleSharp needs one to resolve links.
    private const string FallbackAddress = "http://localhost/";
    // CJK scripts: about 500 characters a minute, and no spaces to count words by.
    private const int CjkCharsPerMinute = 500;
    // More than half of the main text inside links: a list of teasers, not an article.
    private const double ListingLinkDensity = 0.5;
    // A login wall shows a password field and at most a teaser.
    private const int LoginWallMaxWords = 150;

    // HtmlParser.ParseDocument reads the string in place; a BrowsingContext's OpenAsync, used before, encoded it
    // to UTF-8, decoded it again through a stream and ran the navigation machinery, which cost as much as the parse
    // itself on small pages (docs/benchmarks.md). One parser per thread, because a parser's context resolves its
    // services lazily and is not documented as thread-safe; the parse is synchronous, so it never changes threads.
    [ThreadStatic]
    private static HtmlParser? t_htmlParser;

    // Attributes nothing here reads (data-*, on*, srcset, aria-*…: half of a news page's) are not stored: making
    // them was about a tenth of the parse. The tokenizer still drops duplicates itself.
    private static HtmlParser NewHtmlParser() => new(new HtmlParserOptions
    {
        ShouldEmitAttribute = static (ref AngleSharp.Html.Parser.Tokens.Struct.StructHtmlToken _, ReadOnlyMemory<char> name) =>
            PageIndex.ReadAttributes.Contains(name.Span),
    });

    private readonly ArticleParserOptions _options = options ?? new ArticleParserOptions();

    public ArticleParserOptions Options => _options;

    /// <summary>
    /// The article as the rest of the product reads it: parsed within the time budget (a page that takes longer is
    /// answered as "not an article", not an error) and its main text cut to <see cref="ArticleParserOptions.MaxAnalysedChars"/>,
    /// since the work of topics and matching grows with the text.
    /// </summary>
    public async Task<Article> ReadAsync(string html, string url, CancellationToken ct)
    {
        try
        {
            var article = await ParseAsync(html, url, ct);
            return article.Text.Length <= _options.MaxAnalysedChars ? article : article with { Text = Cut(article.Text, _options.MaxAnalysedChars) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Article { Url = url, IsArticle = false, NotArticleReason = "The page is too large or complex to read in time." };
        }
    }

    /// <summary>The text up to the last paragraph break (else line break, else space) before <paramref name="max"/>.</summary>
    private static string Cut(string text, int max)
    {
        var end = text.LastIndexOf("\n\n", max, StringComparison.Ordinal);
        if (end < max / 2) end = text.LastIndexOf('\n', max - 1);
        if (end < max / 2) end = text.LastIndexOf(' ', max - 1);
        return text[..(end < max / 2 ? max : end)];
    }

    /// <summary>Parses synchronously (the work is CPU-bound throughout) and returns a completed task; failures,
    /// the time budget's <see cref="OperationCanceledException"/> included, are in the task.</summary>
    public Task<Article> ParseAsync(string html, string url, CancellationToken ct)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(html);
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(_options.TimeBudget);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                return Task.FromResult(ParseWithinBudget(html, url, started, budget.Token));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(
                    $"Parsing the page took longer than the {_options.TimeBudget.TotalSeconds:0.##} s budget.", budget.Token);
            }
        }
        catch (Exception e)
        {
            return Task.FromException<Article>(e);
        }
    }

    private Article ParseWithinBudget(string html, string url, long started, CancellationToken ct)
    {
        if (html.Length > _options.MaxHtmlChars)
        {
            html = html[.._options.MaxHtmlChars];
        }
        if (NestingProbe.IsDeeperThan(html, _options.MaxNestingDepth))
        {
            return new Article
            {
                Url = url,
                IsArticle = false,
                NotArticleReason = $"The page's elements nest more than {_options.MaxNestingDepth} levels deep; it was not parsed.",
            };
        }
        var address = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? url : FallbackAddress;
        // The HTML arrives already decoded: parsed from a string, its <meta charset="gb2312"> decodes nothing again.
        // Not disposed: the parse has given its buffers back already, and Dispose would only detach every node
        // (a walk over the whole tree, with a search for <base> elements) from a document that is garbage anyway.
        var document = (t_htmlParser ??= NewHtmlParser()).ParseDocument(html);
        // AngleSharp's parse is the long step and does not look at the token; the budget's timer may also fire
        // late on a busy thread pool, so the clock decides here.
        if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > _options.TimeBudget) throw new OperationCanceledException(ct);
        ct.ThrowIfCancellationRequested();

        using var page = PageIndex.Build(document, ct);
        // Only relative links need it, and many pages state their URLs in full.
        var baseUri = new Lazy<Uri?>(() => BaseUri(address, page.BaseHref), LazyThreadSafetyMode.None);
        var metadata = MetadataReader.Read(page, baseUri, ct);
        var content = ContentExtractor.Extract(page, metadata.Title, _options.MinBodyChars, ct, out var bylineElementText);

        var text = content.Text;
        var (words, cjkChars) = CountWords(text);
        int minutes = words + cjkChars == 0
            ? 0
            : Math.Max(1, (int)Math.Round((double)words / _options.WordsPerMinute + (double)cjkChars / CjkCharsPerMinute));
        int effectiveWords = words + cjkChars / 2;
        var notArticle = WhyNotArticle(page, metadata, content, uri, effectiveWords);

        var byline = metadata.Byline
            ?? MetadataReader.Clean(bylineElementText)
            ?? (page.FirstRelAuthor >= 0 ? MetadataReader.Clean(page.Nodes[page.FirstRelAuthor].TextContent) : null);
        var images = metadata.Images
            .Append(MetadataReader.Absolute(baseUri, MetadataReader.ImageSource(content.LeadImage)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(_options.MaxImages)
            .ToList();

        return new Article
        {
            Url = url,
            CanonicalUrl = ArticleUrls.TrustedCanonical(metadata.CanonicalUrl, url, metadata.Title),
            Title = metadata.Title,
            DisplayTitle = MetadataReader.WithoutSiteName(metadata.Title, metadata.SiteName, uri?.Host),
            Byline = byline,
            SiteName = metadata.SiteName,
            PublishedTime = metadata.PublishedTime,
            Language = metadata.Language,
            Excerpt = metadata.Excerpt ?? MetadataReader.Clean(content.FirstParagraph),
            Text = text,
            WordCount = effectiveWords,
            ReadingMinutes = minutes,
            Tags = CleanTags(metadata.Tags),
            Images = images,
            IsArticle = notArticle is null,
            NotArticleReason = notArticle,
        };
    }

    // What relative links resolve against, as a browser does: the first <base href> (resolved against the page's
    // address), unless it is invalid or a data: or javascript: URL; otherwise the page's address.
    private static Uri? BaseUri(string address, string? baseHref)
    {
        var documentUrl = new Url(address);
        if (baseHref is not null)
        {
            var declared = new Url(documentUrl, baseHref);
            if (!declared.IsInvalid && declared.Scheme is not ("data" or "javascript"))
            {
                documentUrl = declared;
            }
        }
        return Uri.TryCreate(documentUrl.Href, UriKind.Absolute, out var baseUri) ? baseUri : null;
    }

    private string? WhyNotArticle(PageIndex page, PageMetadata metadata, ExtractedContent content, Uri? uri, int words)
    {
        if (page.IsFrameset)
        {
            return "The page is a frameset: its content lives in other documents.";
        }
        if (page.Body < 0 || content.TextChars == 0)
        {
            return "The page has no readable text (it may be built by scripts).";
        }
        if (page.PasswordInputs > 0 && words < LoginWallMaxWords)
        {
            return "The page asks for a password and shows little text: a login wall.";
        }
        if (!metadata.DeclaresArticle && uri is not null)
        {
            if (uri.AbsolutePath is "/" or "" && uri.Query.Length == 0)
            {
                return "The page is a site's home page.";
            }
            if (uri.AbsolutePath.Contains("/search", StringComparison.OrdinalIgnoreCase)
                || uri.Query.Contains("q=", StringComparison.OrdinalIgnoreCase)
                || uri.Query.Contains("query=", StringComparison.OrdinalIgnoreCase))
            {
                return "The page is a list of search results.";
            }
        }
        if (content.LinkDensity > ListingLinkDensity)
        {
            return "Most of the page's text is links: an index or listing page.";
        }
        if (words < _options.MinArticleWords)
        {
            return $"The page has too little text for an article ({words} words).";
        }
        return null;
    }

    /// <summary>Words separated by spaces, and CJK characters (which have no spaces) counted apart.</summary>
    internal static (int Words, int CjkChars) CountWords(string text)
    {
        int words = 0, cjk = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            if (c >= '\u3040' && IsCjk(c))
            {
                cjk++;
                inWord = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
        }
        return (words, cjk);
    }

    private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF'
        or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';

    private List<string> CleanTags(IEnumerable<string> tags) => tags
        .Select(MetadataReader.Clean)
        .OfType<string>()
        .Where(t => t.Length <= 100)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Take(_options.MaxTags)
        .ToList();
}
