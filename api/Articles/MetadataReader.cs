using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ContentHelper.Api.Articles;

/// <summary>
/// Reads what a page says about itself. Precedence, first source that has a value wins:
///   1. JSON-LD of an article type (Article, NewsArticle, BlogPosting, …; also inside "@graph", authors as arrays
///      or "@id" references)
///   2. OpenGraph and article:* (&lt;meta property="og:title"&gt;, article:published_time, article:author)
///   3. Twitter cards (&lt;meta name="twitter:title"&gt;)
///   4. Dublin Core and plain metas (dc:title, dc:creator, author, description, date; parse.ly and sailthru names)
///   5. microdata (&lt;span itemprop="author"&gt;, &lt;time itemprop="datePublished"&gt;)
///   6. the document itself: &lt;title&gt; without its site suffix, &lt;h1&gt;, the byline element, the first
///      &lt;time datetime&gt;, &lt;html lang&gt;.
/// Two fields differ: the canonical URL prefers &lt;link rel="canonical"&gt; (the page's own statement, which
/// og:url and JSON-LD copy); tags and images are the union of all sources in that order.
/// </summary>
internal static partial class MetadataReader
{
    // "Title | Site", "Title - Site", "Title — Site", "Site » Title": separators surrounded by spaces.
    [GeneratedRegex(@" [\|\-–—\\/>»] ")]
    private static partial Regex TitleSeparator();

    [GeneratedRegex(@" [\\/>»] ")]
    private static partial Regex HierarchicalSeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDatePrefix();

    [GeneratedRegex(@"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$", RegexOptions.IgnoreCase)]
    private static partial Regex LanguageTag();

    public static PageMetadata Read(PageIndex page, Lazy<Uri?> baseUri, CancellationToken ct)
    {
        var ld = JsonLdArticle.Find(page.JsonLd, ct);
        var metas = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = new List<string>();
        var images = new List<string>();
        foreach (var (key, value) in page.Metas)
        {
            // A key given twice keeps the last value, as Readability does (<meta name="DC.Creator"> per author:
            // the last is the one most pages' readers show; joining would mix in "name" vs "property" duplicates).
            metas[key] = value;
            switch (key)
            {
                case "article:tag":
                    tags.Add(value);
                    break;
                case "news_keywords" or "keywords" or "parsely-tags":
                    tags.AddRange(value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }
        string? Meta(params ReadOnlySpan<string> keys)
        {
            foreach (var key in keys)
            {
                if (metas.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }
            return null;
        }

        var documentTitle = TitleFromDocument(page);
        var title = First(
            ld?.Title(documentTitle),
            Meta("og:title"),
            Meta("twitter:title"),
            Meta("dc:title", "dcterms:title", "parsely-title", "sailthru.title", "title",
                "weibo:article:title", "weibo:webpage:title"),
            ItemProp(page, "headline"),
            documentTitle);

        var byline = First(
            ld?.Authors,
            NotUrl(Meta("article:author", "og:article:author")),
            Meta("dc:creator", "dcterms:creator", "author", "parsely-author", "sailthru.author"),
            ItemPropPerson(page));

        var published = First(
            ld?.DatePublished,
            Meta("article:published_time", "og:published_time"),
            Meta("dc:date", "dcterms:date", "dcterms:issued", "date", "pubdate", "publish-date",
                "publication_date", "parsely-pub-date", "sailthru.date", "article.published"),
            ItemPropDate(page, "datePublished"),
            page.FirstTimeElement >= 0 ? page.AttributeOf(page.FirstTimeElement, "datetime") : null,
            // Creation is not publication: only when nothing states the latter.
            ld?.DateCreated, Meta("dcterms:created"));

        var language = First(
            ld?.Language,
            LocaleToLanguage(Meta("og:locale")),
            Meta("dc:language", "dcterms:language", "content-language", "language"),
            page.HtmlLang);

        var canonical = Absolute(baseUri, First(page.CanonicalHref, Meta("og:url"), ld?.Url));

        tags.AddRange(ld?.Keywords ?? []);
        images.AddRange(ld?.Images ?? []);
        foreach (var key in (ReadOnlySpan<string>)["og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                     "twitter:image:src", "image_src"])
        {
            if (metas.TryGetValue(key, out var image))
            {
                images.Add(image);
            }
        }
        if (page.ItemProps.TryGetValue("image", out var imageProp) && ImageSource(page.Nodes[imageProp] as IElement) is { } itemImage)
        {
            images.Add(itemImage);
        }

        return new PageMetadata
        {
            DeclaresArticle = ld is not null || string.Equals(Meta("og:type"), "article", StringComparison.OrdinalIgnoreCase),
            Title = Clean(title),
            Byline = Clean(byline),
            SiteName = Clean(First(ld?.SiteName, Meta("og:site_name"), Meta("application-name", "apple-mobile-web-app-title"))),
            PublishedTime = NormalizeDate(published),
            Language = NormalizeLanguage(language),
            Excerpt = Clean(First(
                ld?.Description,
                Meta("og:description"),
                Meta("twitter:description"),
                Meta("dc:description", "dcterms:description", "description",
                    "weibo:article:description", "weibo:webpage:description"),
                ItemProp(page, "description"))),
            CanonicalUrl = canonical,
            Tags = tags,
            Images = images.Select(i => Absolute(baseUri, i)).OfType<string>().ToList(),
        };
    }

    public static string? ImageSource(IElement? element) => element is null ? null : First(
        element.GetAttribute("content"), element.GetAttribute("src"), element.GetAttribute("data-src"),
        element.GetAttribute("href"), element.GetAttribute("data-lazy-src"), element.GetAttribute("data-original"));

    public static string? Absolute(Lazy<Uri?> baseUri, string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        href = WebUtility.HtmlDecode(href.Trim());
        if (href.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.ToString();
        }
        return baseUri.Value is { } b && Uri.TryCreate(b, href, out var resolved) && resolved.Scheme is "http" or "https"
            ? resolved.ToString()
            : null;
    }

    /// <summary>
    /// The &lt;title&gt; without the site's name, after Readability's _getArticleTitle:
    /// "Obama admits US gun laws… | BBC News" → "Obama admits US gun laws…"; "Site » Section » Title" keeps the
    /// last part when the first would be too short; a title of four words or fewer after cutting is kept whole.
    /// </summary>
    internal static string? TitleFromDocument(PageIndex page)
    {
        var original = Clean(page.DocumentTitle);
        if (string.IsNullOrEmpty(original))
        {
            return page.H1s.Count == 1 ? Clean(page.Nodes[page.H1s[0]].TextContent) : null;
        }
        var title = original;
        bool hierarchical = false;
        var separators = TitleSeparator().Matches(original);
        if (separators.Count > 0)
        {
            hierarchical = HierarchicalSeparator().IsMatch(original);
            title = original[..separators[^1].Index];
            if (WordCount(title) < 3)
            {
                title = original[(separators[0].Index + separators[0].Length)..];
            }
        }
        else if (original.Contains(": ", StringComparison.Ordinal))
        {
            // "Site: Title" — unless a heading repeats the whole thing.
            bool headingMatches = page.H1s.Concat(page.H2s).Any(h => Clean(page.Nodes[h].TextContent) == original);
            if (!headingMatches)
            {
                title = original[(original.LastIndexOf(':') + 1)..].Trim();
                if (WordCount(title) < 3)
                {
                    title = original[(original.IndexOf(':') + 1)..].Trim();
                }
                else if (WordCount(original[..original.IndexOf(':')]) > 5)
                {
                    title = original;
                }
            }
        }
        else if ((original.Length > 150 || original.Length < 15) && page.H1s.Count == 1)
        {
            title = Clean(page.Nodes[page.H1s[0]].TextContent) ?? original;
        }
        title = Clean(title) ?? original;
        int words = WordCount(title);
        if (words <= 4 && (!hierarchical || words != WordCount(TitleSeparator().Replace(original, " ")) - 1))
        {
            title = original;
        }
        return title;
    }

    /// <summary>
    /// The title without the site's name where it names the site — by og:site_name or by the host:
    /// "Nadal to retire - Sportsnet.ca" → "Nadal to retire", "CityAM: Nadal to retire" → "Nadal to retire". A kicker
    /// ("Impeachment hearings: …") or a tail of the story's own ("Storm hits coast - again") stays.
    /// </summary>
    internal static string? WithoutSiteName(string? title, string? siteName, string? host)
    {
        if (string.IsNullOrEmpty(title)) return title;
        var names = new HashSet<string>(StringComparer.Ordinal);
        void AddName(string? name)
        {
            var key = LettersOf(name);
            if (key.Length < 2) return;
            names.Add(key);
            if (key.StartsWith("the", StringComparison.Ordinal) && key.Length > 5) names.Add(key[3..]);
        }
        AddName(siteName);
        if (host is not null)
        {
            // www.sportsnet.ca → "sportsnet", "sportsnetca"
            var labels = host.ToLowerInvariant().Split('.').SkipWhile(l => l is "www" or "m" or "amp" or "mobile").ToArray();
            if (labels.Length >= 2) AddName(labels[0]);
            AddName(string.Concat(labels));
        }
        bool NamesSite(string part) => names.Contains(LettersOf(part)) || names.Contains("the" + LettersOf(part));

        var separators = TitleSeparator().Matches(title);
        if (separators.Count > 0)
        {
            var last = separators[^1];
            var head = title[..last.Index].Trim();
            if (NamesSite(title[(last.Index + last.Length)..]) && WordCount(head) >= 2) return head;
        }
        var first = separators.Count > 0 ? separators[0].Index : -1;
        var colon = title.IndexOf(": ", StringComparison.Ordinal);
        var lead = colon > 0 && (first < 0 || colon < first) ? colon : first;
        if (lead > 0)
        {
            var rest = title[(lead + (lead == colon ? 2 : separators[0].Length))..].Trim();
            if (NamesSite(title[..lead]) && WordCount(rest) >= 2) return rest;
        }
        return title;
    }

    private static string LettersOf(string? text) =>
        text is null ? "" : string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static int WordCount(string s) => s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string? ItemProp(PageIndex page, string name) =>
        page.ItemProps.TryGetValue(name, out var i) && page.Nodes[i] is IElement e
            ? First(e.GetAttribute("content"), e.TextContent)
            : null;

    // <div itemprop="author" itemscope><span itemprop="name">Ana Ruiz</span></div> or <meta itemprop="author" content="…">
    private static string? ItemPropPerson(PageIndex page)
    {
        if (!page.ItemProps.TryGetValue("author", out var i) || page.Nodes[i] is not IElement e)
        {
            return null;
        }
        var name = e.QuerySelector("[itemprop~=name]");
        var value = First(name?.GetAttribute("content"), name?.TextContent, e.GetAttribute("content"), e.TextContent);
        return value is { Length: < 100 } ? value : null;
    }

    private static string? ItemPropDate(PageIndex page, string name) =>
        page.ItemProps.TryGetValue(name, out var i) && page.Nodes[i] is IElement e
            ? First(e.GetAttribute("content"), e.GetAttribute("datetime"), e.TextContent)
            : null;

    private static string? NotUrl(string? value) =>
        value is null || value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static string? LocaleToLanguage(string? locale) => locale?.Replace('_', '-');

    internal static string? First(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }
        return null;
    }

    internal static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var decoded = value.Contains('&') ? WebUtility.HtmlDecode(value) : value;
        var collapsed = (NeedsCollapsing(decoded) ? Whitespace().Replace(decoded, " ") : decoded).Trim();
        return collapsed.Length == 0 ? null : collapsed;
    }

    // Most values are already single-spaced: only a whitespace character other than a space, or a second space in
    // a row, needs the regex.
    private static bool NeedsCollapsing(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || (i > 0 && value[i - 1] == ' ')))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>ISO 8601 as the page states it ("2019-04-28T06:01:07-07:00", "2024-06-25"); other readable
    /// forms ("March 25, 2015", "Tue, 21 Mar 2017 10:00:00 GMT") become ISO; anything else is dropped.</summary>
    internal static string? NormalizeDate(string? value)
    {
        value = Clean(value);
        if (value is null)
        {
            return null;
        }
        if (IsoDatePrefix().IsMatch(value))
        {
            return value;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.TimeOfDay == TimeSpan.Zero
                ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : parsed.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static string? NormalizeLanguage(string? value)
    {
        value = Clean(value)?.Split(',')[0].Trim();
        return value is not null && LanguageTag().IsMatch(value) ? value : null;
    }
}

internal sealed record PageMetadata
{
    /// <summary>JSON-LD of an article type, or og:type "article".</summary>
    public bool DeclaresArticle { get; init; }
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public string? SiteName { get; init; }
    public string? PublishedTime { get; init; }
    public string? Language { get; init; }
    public string? Excerpt { get; init; }
    public string? CanonicalUrl { get; init; }
    public List<string> Tags { get; init; } = [];
    public List<string> Images { get; init; } = [];
}
