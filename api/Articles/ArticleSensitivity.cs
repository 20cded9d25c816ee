using System.Text.RegularExpressions;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Api.Articles;

/// <summary>
/// Whether an article can be discussed in public: not behind a paywall, not about something people keep private
/// (health, grief, losing a job, a divorce, a lawsuit). Such articles are sent in private, never tagged in a post.
/// </summary>
internal static partial class ArticleSensitivity
{
    public static bool IsPublicFriendly(Article article, string html) =>
        !Paywalled().IsMatch(html) && !Sensitive().IsMatch(article.Title + " " + article.Excerpt + " " + string.Join(' ', article.Tags));

    // schema.org's flag for paywalled content, as news sites declare it in JSON-LD.
    [GeneratedRegex(@"""isAccessibleForFree""\s*:\s*""?false", RegexOptions.IgnoreCase)]
    private static partial Regex Paywalled();

    [GeneratedRegex(@"\b(diagnos\w*|cancer|illness|terminal|died|death|dies|funeral|obituar\w*|grief|bereave\w*|suicide|mental health|depression|miscarriage|divorce\w*|lawsuit|sued|layoffs?|laid off|redundanc\w*|fired|bankrupt\w*|abuse|assault)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sensitive();
}
