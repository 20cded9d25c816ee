using System.Text.RegularExpressions;

namespace ContentHelper.Api.Articles;

/// <summary>What a page's address says: which query parameters only track the click, and whether the canonical
/// URL the page declares is believable.</summary>
public static partial class ArticleUrls
{
    // Query parameters that say where a click came from, never which article it is.
    static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src", "ref_url", "referrer", "source", "src", "cmpid", "ncid",
        "ocid", "smid", "sr_share", "share", "shared", "amp", "outputtype", "s", "cid", "ito", "spm", "__twitter_impression",
    };

    // Words too common in slugs and titles to tell two stories apart.
    static readonly HashSet<string> SlugNoise = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "after", "over", "into", "about", "that", "this", "are", "was", "will",
        "has", "have", "not", "new", "news", "article", "story", "live", "video", "html", "htm", "php", "aspx", "index",
    };

    static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("pk_", StringComparison.OrdinalIgnoreCase)
        || TrackingParameters.Contains(name);

    /// <summary>The URL without tracking parameters and fragment: "…/story?utm_source=x&amp;id=2#top" → "…/story?id=2".</summary>
    public static string WithoutTracking(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return url;
        return new UriBuilder(uri) { Query = string.Join('&', QueryWithoutTracking(uri)), Fragment = "" }.Uri.ToString();
    }

    /// <summary>The query's "name=value" parts that say which page it is, in their order.</summary>
    public static IEnumerable<string> QueryWithoutTracking(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(Uri.UnescapeDataString(p.Split('=')[0])));

    /// <summary>
    /// The declared canonical URL, unless it plainly names another story: its slug shares no word with the tab
    /// URL's path nor with the title (a template that copied another article's &lt;link rel="canonical"&gt; and
    /// og:url). Then the tab URL, without tracking, is the article's address. A syndicated copy keeps its canonical:
    /// the original's slug tells the same story as the title.
    /// </summary>
    public static string? TrustedCanonical(string? declared, string tabUrl, string? title)
    {
        if (declared is null || !Uri.TryCreate(declared, UriKind.Absolute, out var canonical)
            || !Uri.TryCreate(tabUrl, UriKind.Absolute, out var tab) || tab.Scheme is not ("http" or "https"))
            return declared;
        var slug = Words(canonical.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(s => s.Any(char.IsLetter)));
        // One word ("/canonical", "/story") or none (ids) is too little to contradict anything.
        if (slug.Count < 2) return declared;
        var tabWords = Words(tab.AbsolutePath);
        var titleWords = Words(title);
        return slug.Overlaps(tabWords) || slug.Overlaps(titleWords) ? declared : WithoutTracking(tabUrl);
    }

    /// <summary>Word stems of a slug, path or title: lower case, five letters at most ("retirement" meets "retire"), noise and numbers left out.</summary>
    static HashSet<string> Words(string? text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) return words;
        foreach (Match match in WordPattern().Matches(Uri.UnescapeDataString(text).ToLowerInvariant()))
        {
            var word = match.Value;
            if (word.Length < 3 || !word.Any(char.IsLetter) || SlugNoise.Contains(word)) continue;
            words.Add(word.Length > 5 ? word[..5] : word);
        }
        return words;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
