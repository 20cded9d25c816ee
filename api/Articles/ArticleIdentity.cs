using System.Text;
using System.Text.RegularExpressions;

namespace ContentHelper.Api.Articles;

/// <summary>
/// Recognises the same article behind different URLs and near-identical titles, so that nobody is sent an
/// article twice because it arrived once via a newsletter link, once from the mobile site and once as AMP.
/// </summary>
public static partial class ArticleIdentity
{
    // Host prefixes of alternative renditions of the same site: www.bbc.co.uk, m.bbc.co.uk, amp.theguardian.com.
    static readonly string[] HostPrefixes = ["www.", "m.", "mobile.", "amp.", "amp-"];

    /// <summary>
    /// A key equal for the same article under another URL: scheme, fragment, tracking parameters, www/m/amp
    /// hosts, /amp path segments, ".amp.html" and trailing slashes removed; remaining parameters sorted.
    /// </summary>
    public static string UrlKey(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return url.Trim().ToLowerInvariant();

        var host = uri.Host.ToLowerInvariant();
        foreach (var prefix in HostPrefixes)
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Count(c => c == '.') >= 2)
                host = host[prefix.Length..];
        // Google AMP cache: www-example-com.cdn.ampproject.org/c/s/www.example.com/path
        if (host.EndsWith(".cdn.ampproject.org", StringComparison.Ordinal) && AmpCachePath().Match(uri.AbsolutePath) is { Success: true } cached)
            return UrlKey("https://" + cached.Groups["rest"].Value + uri.Query);

        var path = AmpSegment().Replace(uri.AbsolutePath, "");
        path = AmpSuffix().Replace(path, "$1");
        path = path.TrimEnd('/');
        if (path.EndsWith("/index.html", StringComparison.OrdinalIgnoreCase)) path = path[..^"/index.html".Length];

        var kept = ArticleUrls.QueryWithoutTracking(uri).Order(StringComparer.Ordinal).ToList();
        return host + (uri.IsDefaultPort ? "" : ":" + uri.Port) + path + (kept.Count > 0 ? "?" + string.Join('&', kept) : "");
    }

    /// <summary>Lower-case words of a title, without the site suffix or punctuation: "Storm hits coast | BBC News" → "storm hits coast".</summary>
    public static string TitleKey(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return "";
        var text = SiteSuffix().Replace(title, "");
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
            else if (char.IsWhiteSpace(ch) || char.IsPunctuation(ch) || char.IsSymbol(ch)) sb.Append(' ');
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Whether two titles name the same article: identical keys, or (for titles of five words or more) at least
    /// 85% of words shared — a headline edited after publication ("…, says minister" → "…, minister says").
    /// </summary>
    public static bool SameTitle(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return false;
        if (a == b) return true;
        var wa = a.Split(' ').ToHashSet();
        var wb = b.Split(' ').ToHashSet();
        if (Math.Min(wa.Count, wb.Count) < 5) return false;
        var shared = wa.Intersect(wb).Count();
        return shared / (double)wa.Union(wb).Count() >= 0.85;
    }

    [GeneratedRegex(@"/amp(?=/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AmpSegment();

    [GeneratedRegex(@"\.amp(\.html?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AmpSuffix();

    [GeneratedRegex(@"^/c/(?:s/)?(?<rest>.+)$")]
    private static partial Regex AmpCachePath();

    // "Title | Site", "Title - Site", "Title — Site", "Title :: Site": a short last part after a separator.
    [GeneratedRegex(@"\s+[|\-–—:·]{1,2}\s+[^|\-–—:·]{1,40}$")]
    private static partial Regex SiteSuffix();
}

/// <summary>The keys an article is known by: its URL's and its canonical URL's, and its title's.</summary>
public sealed record ArticleKeys(IReadOnlySet<string> UrlKeys, string TitleKey)
{
    public static ArticleKeys Of(string url, string? canonicalUrl, string? title) =>
        new(new HashSet<string>(new[] { url, canonicalUrl }.OfType<string>().Select(ArticleIdentity.UrlKey)), ArticleIdentity.TitleKey(title));

    /// <summary>Whether a past share (by its URL and title keys) was of this article.</summary>
    public bool Matches(string urlKey, string titleKey) => UrlKeys.Contains(urlKey) || ArticleIdentity.SameTitle(titleKey, TitleKey);
}
