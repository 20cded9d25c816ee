using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;

namespace ContentHelper.Api.Ideas;

/// <summary>
/// The reverse of the popup: for a few contacts, the remembered articles that fit them best. Every article is scored
/// against a small index of just these contacts (their typed and implicit interests) with the same relevance model
/// as the popup, and the same guardrails apply: never an article already sent to them, not one they got "not now"
/// for, nothing while they are cooling down after a share or at the monthly cap.
/// </summary>
internal sealed class IdeaFinder(InterestMatcher matcher, SuggestionRanker ranker)
{
    /// <summary>An article for a contact, ranked as the popup would rank the contact for it.</summary>
    public sealed record Idea(RememberedArticles.Item Article, SuggestionRanker.Ranked Ranked);

    /// <summary>Per contact, up to <paramref name="perContact"/> ideas, the best first; and, for those left without one, the guardrail that held the most back.</summary>
    public (Dictionary<Guid, List<Idea>> Ideas, Dictionary<Guid, SuggestionRanker.Held> Held) Find(
        IReadOnlyDictionary<Guid, Contact> contacts, InterestIndex index, IReadOnlyList<RememberedArticles.Item> articles,
        IReadOnlyList<PastShare> shares, IReadOnlySet<(Guid ContactId, string UrlKey)> dismissed, IReadOnlyCollection<string> userInterests,
        int perContact, DateTime now)
    {
        // Score every article once against the small index, keeping each contact's candidates above the threshold.
        var minScore = matcher.Options.MinScore;
        var candidates = new List<(int Article, ArticleScores Scores, double Score)>[index.ContactCount];
        for (var a = 0; a < articles.Count; a++)
        {
            var scores = matcher.Score(articles[a].Analysis, index);
            for (var c = 0; c < index.ContactCount; c++)
                if (scores.ContactScores[c] >= minScore) (candidates[c] ??= []).Add((a, scores, scores.ContactScores[c]));
        }

        var ideas = new Dictionary<Guid, List<Idea>>();
        var held = new Dictionary<Guid, SuggestionRanker.Held>();
        for (var c = 0; c < index.ContactCount; c++)
        {
            var id = index.ContactIds[c];
            if (candidates[c] is not { } list || !contacts.ContainsKey(id)) continue;
            var mine = shares.Where(s => s.ContactId == id).ToList();
            var heldCounts = new Dictionary<SuggestionRanker.Held, int>();
            // Newer reading first among equals: the same relevance, the fresher article.
            // Bounded: a contact cooling down holds back every article but an exceptional one.
            foreach (var (a, scores, _) in list.OrderByDescending(x => x.Score).ThenBy(x => x.Article).Take(perContact + 50))
            {
                var article = articles[a];
                var match = matcher.ExplainContact(scores, c);
                var isDismissed = article.Keys.UrlKeys.Any(k => dismissed.Contains((id, k)));
                var (ranked, why) = ranker.Rank([match], contacts, mine, isDismissed ? new HashSet<Guid> { id } : [], article.Keys, userInterests, now);
                foreach (var (reason, count) in why) heldCounts[reason] = heldCounts.GetValueOrDefault(reason) + count;
                if (ranked.Count == 0) continue;
                var found = ideas.TryGetValue(id, out var existing) ? existing : ideas[id] = [];
                found.Add(new Idea(article, ranked[0]));
                if (found.Count == perContact) break;
            }
            // A guardrail that lifts with time (cooldown, monthly cap) says more than "sent already": those ideas come back.
            if (!ideas.ContainsKey(id) && heldCounts.Count > 0)
                held[id] = heldCounts.Keys.OrderByDescending(h => h is SuggestionRanker.Held.CoolingDown or SuggestionRanker.Held.MonthlyCap)
                    .ThenByDescending(h => heldCounts[h]).First();
        }
        return (ideas, held);
    }
}
