using System.Collections.Frozen;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Topics;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Topics;

/// <summary>What <see cref="TopicExtractor"/> found: the ranked topics, and the analysed text matching reads.</summary>
internal sealed record ArticleTopics(ArticleText Text, IReadOnlyList<TopicResponse> Topics);

/// <summary>
/// Weighted key phrases and named things of an article. Candidates are runs of content words between stop words
/// and punctuation (RAKE-style), cut into 1..MaxPhraseWords-grams and keyed by their stems so "elections" and
/// "election" add up. Each occurrence weighs by where it stands (title, tags, headings, lead, body); longer
/// phrases and capitalised names are boosted because they are more specific than single common words.
/// </summary>
internal sealed class TopicExtractor(IOptions<TopicsOptions> options)
{
    // Words that carry no topic in news prose but are not function words, so matching keeps them.
    private static readonly FrozenSet<string> FillerWords = FrozenSet.ToFrozenSet(
    [
        "said", "says", "say", "saying", "told", "tell", "added", "according", "year", "years", "week", "weeks",
        "month", "months", "day", "days", "time", "times", "people", "mr", "mrs", "ms", "dr", "new", "last", "first",
        "next", "one", "two", "three", "four", "five", "many", "much", "well", "like", "get", "got", "make", "made",
        "take", "taken", "going", "go", "including", "expected", "still", "now", "back", "even", "already", "think",
        "want", "way", "number", "part", "set", "put", "see", "another", "several", "whole", "lot", "lots", "thing",
        "things", "good", "big", "early", "late", "later", "recent", "recently", "today", "yesterday", "tomorrow",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "need", "use", "used", "come",
        "came", "know", "known", "need", "far", "less", "least", "able", "main", "major", "former", "high", "low",
        "top", "end", "long", "little", "come", "show", "shows", "give", "given", "went", "say", "around",
    ]);

    // Nouns that name no subject on their own ("a man", "the case", "the service", "the launch"): never a topic by
    // themselves, though they stay inside a longer phrase ("court case", "rocket launch").
    private static readonly FrozenSet<string> GenericNouns = FrozenSet.ToFrozenSet(
    [
        "man", "men", "person", "persons", "case", "cases", "service", "services", "launch", "launches", "issue",
        "issues", "area", "areas", "group", "groups", "member", "members", "place", "places", "side", "sides", "point",
        "points", "level", "levels", "plan", "plans", "move", "moves", "report", "reports", "statement", "statements",
        "official", "officials", "spokesperson", "spokesman", "spokeswoman", "source", "sources", "detail", "details",
        "fact", "facts", "result", "results", "change", "changes", "effort", "efforts", "view", "views", "kind",
        "type", "types", "reason", "reasons", "question", "questions", "problem", "problems", "situation", "step",
        "steps", "idea", "ideas", "story", "stories", "article", "piece", "version", "form", "firm", "region",
        "friend", "friends", "record", "figure", "figures", "support", "decision", "event", "events", "process",
        "system", "systems", "programme", "program", "project", "projects", "rule", "rules", "information", "expert",
        "experts", "role", "head",
    ]);

    private readonly TopicsOptions options = options.Value;

    public ArticleTopics Extract(Article article)
    {
        var text = ArticleText.From(article, options.LeadParagraphs);
        return new ArticleTopics(text, Rank(text));
    }

    private sealed class Candidate(string key, int words)
    {
        public string Key { get; } = key;
        public int Words { get; } = words;
        public double WeightSum;
        public bool IsTag;
        public int Count;
        // Spellings where case means something: mid-sentence in the body, or a declared tag. A title (often Title
        // Case) or a sentence start says nothing about whether a word is a name.
        public readonly Dictionary<string, int> Spellings = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> CaselessSpellings = new(StringComparer.Ordinal);
        public double Score;

        public bool IsNamed => Spellings.Count > 0 &&
            Spellings.Where(kv => kv.Key.Split(' ').All(w => char.IsUpper(w[0]))).Sum(kv => kv.Value) * 2 > Spellings.Values.Sum();

        // The most frequent telling spelling ("Gordon Brown", "warehouse robots"), else the lower-cased one.
        public string Display => Spellings.Count > 0
            ? Spellings.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key
            : LowerCaseUnlessAcronym(CaselessSpellings.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key);
    }

    private IReadOnlyList<TopicResponse> Rank(ArticleText text)
    {
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var sentence in text.Sentences)
        {
            var terms = sentence.Terms;

            var weight = ZoneWeight(sentence.Zone);
            var runStart = -1;
            for (var i = 0; i <= terms.Length; i++)
            {
                var isWord = i < terms.Length && (IsCandidateWord(terms[i]) || IsNameStart(sentence, i));
                if (isWord && runStart >= 0 && HasPunctuationBetween(sentence.Text, terms[i - 1], terms[i]))
                {
                    AddRun(candidates, sentence, runStart, i, weight);
                    runStart = i;
                }
                else if (isWord && runStart < 0)
                    runStart = i;
                else if (!isWord && runStart >= 0)
                {
                    AddRun(candidates, sentence, runStart, i, weight);
                    runStart = -1;
                }
            }

            // A declared tag is a topic as a whole, however long it is.
            if (sentence.Zone == TextZone.Tag && sentence.ContentStems.Length > options.MaxPhraseWords)
                AddCandidate(candidates, string.Join(' ', sentence.ContentStems), sentence.ContentStems.Length, sentence.Text, weight, isTag: true, caseTells: true);
        }

        foreach (var c in candidates.Values)
        {
            var lengthBoost = c.Words switch { 1 => 1.0, 2 => 1.8, _ => 2.2 };
            c.Score = c.WeightSum * lengthBoost * (c.IsNamed ? options.NamedBoost : 1.0);
        }

        var selected = new List<Candidate>();
        // A phrase seen once is as likely a turn of phrase ("unveils interactive") as a topic, even in the
        // title; what the story is about comes back. Declared tags stand on their own.
        foreach (var c in candidates.Values.Where(c => c.Count >= 2 || c.IsTag).OrderByDescending(c => c.Score).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            if (selected.Count == options.MaxTopics) break;
            // "league" adds nothing next to "premier league" unless it also stands on its own often.
            if (selected.Any(s => ContainsWords(s.Key, c.Key) && c.WeightSum <= s.WeightSum * 1.5)) continue;
            if (selected.Any(s => ContainsWords(c.Key, s.Key) && c.WeightSum < s.WeightSum * 0.5)) continue;
            selected.Add(c);
        }

        if (selected.Count == 0) return [];
        var max = selected[0].Score;
        return [.. selected.Select(c => new TopicResponse(c.Display, Math.Round(c.Score / max, 3)))];
    }

    private void AddRun(Dictionary<string, Candidate> candidates, ArticleSentence sentence, int start, int end, double weight)
    {
        var terms = sentence.Terms;
        for (var n = 1; n <= options.MaxPhraseWords; n++)
            for (var i = start; i + n <= end; i++)
            {
                var first = terms[i];
                var last = terms[i + n - 1];
                if (n == 1 && (first.Surface.Length < 3 || GenericNouns.Contains(first.Surface.ToLowerInvariant()))) continue;
                // A common word is only in a run as the start of a name ("New York"): never alone, never last.
                if (!IsCandidateWord(last)) continue;
                var key = n == 1 ? first.Stem : string.Join(' ', terms[i..(i + n)].Select(t => t.Stem));
                var caseTells = sentence.Zone == TextZone.Tag || (i > 0 && sentence.Zone is TextZone.Lead or TextZone.Body);
                // The possessive is not part of the topic: "Alibaba's" → "Alibaba".
                AddCandidate(candidates, key, n, sentence.Text[first.Start..(last.Start + last.Surface.Length)], weight, sentence.Zone == TextZone.Tag, caseTells);
            }
    }

    private static void AddCandidate(Dictionary<string, Candidate> candidates, string key, int words, string surface, double weight, bool isTag, bool caseTells)
    {
        if (!candidates.TryGetValue(key, out var c))
            candidates[key] = c = new Candidate(key, words);
        c.IsTag |= isTag;
        c.WeightSum += weight;
        c.Count++;
        var spellings = caseTells ? c.Spellings : c.CaselessSpellings;
        spellings[surface] = spellings.GetValueOrDefault(surface) + 1;
    }

    private double ZoneWeight(TextZone zone) => zone switch
    {
        TextZone.Title => options.TitleWeight,
        TextZone.Tag => options.TagWeight,
        TextZone.Heading => options.HeadingWeight,
        TextZone.Lead => options.LeadWeight,
        _ => 1.0,
    };

    private static bool IsCandidateWord(Term t) =>
        !t.IsStopWord && !t.IsNumber && !FillerWords.Contains(t.Surface.ToLowerInvariant());

    // "New York", "First Minister", "Top Gear": a capitalised common word straight before a capitalised word
    // starts a name, so "York" alone is not taken for the topic.
    private static bool IsNameStart(ArticleSentence sentence, int i)
    {
        var terms = sentence.Terms;
        return i + 1 < terms.Length && !terms[i].IsStopWord && !terms[i].IsNumber && terms[i].IsCapitalized
            && terms[i + 1].IsCapitalized && IsCandidateWord(terms[i + 1]) && !HasPunctuationBetween(sentence.Text, terms[i], terms[i + 1]);
    }

    private static bool HasPunctuationBetween(string text, Term a, Term b)
    {
        // A possessive closes a phrase: "Alibaba's logistics arm" is Alibaba, then "logistics arm".
        if (a.End - a.Start > a.Surface.Length) return true;
        for (var i = a.End; i < b.Start; i++)
            if (!char.IsWhiteSpace(text[i]) && text[i] != '-') return true;
        return false;
    }

    private static bool ContainsWords(string longer, string shorter) =>
        longer.Length > shorter.Length && (" " + longer + " ").Contains(" " + shorter + " ", StringComparison.Ordinal);

    private static string LowerCaseUnlessAcronym(string phrase) =>
        string.Join(' ', phrase.Split(' ').Select(w => IsAcronym(w) ? w : w.ToLowerInvariant()));

    private static bool IsAcronym(string word) => word.Length >= 2 && word.All(ch => !char.IsLetter(ch) || char.IsUpper(ch));
}
