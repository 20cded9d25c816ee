using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>One public post that tags a few matched contacts at once, each with the reason in a few words.</summary>
internal static class GroupTags
{
    public static GroupTag? For(IReadOnlyList<Suggestion> suggestions, IReadOnlyList<SuggestionRanker.Ranked> ranked, ArticleBrief article, int size)
    {
        // Only people reachable by a public mention, and not those who should get a personal note instead.
        var picked = suggestions.Zip(ranked)
            .Where(p => p.First.Action == ShareAction.Tag || (p.Second.Contact.XHandle is not null && !ShareActions.IsCloseTie(p.Second.Contact)))
            // Someone is named by their name, or by their handle when the imported name is markup or a formula.
            .Where(p => PlainText.OrNull(p.Second.Contact.Name) is not null || PlainText.OrNull(p.Second.Contact.XHandle) is not null)
            .Take(size)
            .ToList();
        if (picked.Count < 2) return null;

        var title = article.Title ?? article.SiteName ?? "This";
        var link = article.Url;
        string Mention((Suggestion S, SuggestionRanker.Ranked R) p, bool handles)
        {
            var name = PlainText.OrNull(p.S.Contact.Name);
            var who = (handles || name is null) && PlainText.OrNull(p.R.Contact.XHandle) is { } handle ? "@" + handle : name;
            return who + " (" + (p.S.Reasons.FirstOrDefault()?.Interest ?? "this") + ")";
        }

        var xText = ShareLinks.FitForX($"{title} — thinking of {string.Join(", ", picked.Select(p => Mention(p, true)))}", link);
        var post = $"{title}\n\nThinking of {string.Join(", ", picked.Select(p => Mention(p, false)))} as I read this.\n\n{link}";
        var links = new List<ShareLink>
        {
            new(Channel.LinkedIn, ShareAction.Tag, "Post on LinkedIn", ShareLinks.LinkedInPost(link), post),
        };
        if (picked.Any(p => p.Second.Contact.XHandle is not null))
            links.Insert(0, new(Channel.X, ShareAction.Tag, "Post on X", ShareLinks.XPost(xText, link), null));
        return new GroupTag([.. picked.Select(p => p.First.Contact.Id)], post, links);
    }
}
