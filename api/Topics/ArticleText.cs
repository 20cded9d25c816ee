using System.Text.RegularExpressions;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Api.Topics;

/// <summary>Where in the page a sentence stands; the title and lead say what a story is about more than its tail.</summary>
internal enum TextZone { Title, Tag, Heading, Lead, Body }

internal sealed record ArticleSentence(int Index, TextZone Zone, int Paragraph, string Text, Term[] Terms, string[] ContentStems);

/// <summary>
/// An article cut into zoned sentences of stemmed terms, with a posting list from content stem to where it occurs.
/// Built once per article and read by both topic extraction and lexical matching.
/// </summary>
internal sealed partial class ArticleText
{
    // A blank line separates paragraphs in Article.Text.
    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex ParagraphBreak();

    // "... in 2004. Shares rose" → two sentences; a closing quote or bracket may follow the stop. Not after an initial
    // or a title ("President John F. Kennedy", "Dr. Ruiz"), which end with a full stop but not a sentence.
    [GeneratedRegex(@"(?<!\b(?:\p{Lu}|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Mt|No|vs)\.)(?<=[.!?][""'”’)]?)\s+(?=[""'“‘(]?[\p{Lu}\p{N}])")]
    private static partial Regex SentenceBreak();

    // A heading is a short line of its own that does not end like a sentence: "The road to the final".
    private const int MaxHeadingWords = 12;

    public string Title { get; }
    /// <summary>The language the article is written in (ISO 639-1), told from its text (<see cref="Languages"/>).</summary>
    public string Language { get; }
    public IReadOnlyList<ArticleSentence> Sentences { get; }
    public IReadOnlyDictionary<string, List<(int Sentence, int Position)>> Postings { get; }

    private ArticleText(string title, string language, List<ArticleSentence> sentences)
    {
        Title = title;
        Language = language;
        Sentences = sentences;
        var postings = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        foreach (var s in sentences)
            for (var p = 0; p < s.ContentStems.Length; p++)
            {
                if (!postings.TryGetValue(s.ContentStems[p], out var list))
                    postings[s.ContentStems[p]] = list = [];
                list.Add((s.Index, p));
            }
        Postings = postings;
    }

    public static ArticleText From(Article article, int leadParagraphs)
    {
        var language = Languages.Detect(article.Title + "\n" + article.Text, article.Language);
        var stopWords = Languages.StopWords(language);
        var sentences = new List<ArticleSentence>();
        void Add(TextZone zone, int paragraph, string text)
        {
            text = text.Trim();
            if (text.Length == 0) return;
            var terms = TermAnalyzer.Analyze(text, stopWords).ToArray();
            if (terms.Length == 0) return;
            string[] stems = [.. terms.Where(t => !t.IsStopWord).Select(t => t.Stem)];
            sentences.Add(new ArticleSentence(sentences.Count, zone, paragraph, text, terms, stems));
        }

        var title = article.Title?.Trim() ?? "";
        Add(TextZone.Title, -1, title);
        foreach (var tag in article.Tags.Distinct(StringComparer.OrdinalIgnoreCase))
            Add(TextZone.Tag, -1, tag);

        var blocks = ParagraphBreak().Split(article.Text.Replace("\r\n", "\n"));
        var excerpt = article.Excerpt?.Trim();
        // Pages often reuse their first paragraph as the description; counting it twice would overweight it.
        if (!string.IsNullOrEmpty(excerpt) && !article.Text.AsSpan().TrimStart().StartsWith(excerpt.AsSpan(0, Math.Min(40, excerpt.Length))))
            foreach (var s in SentenceBreak().Split(excerpt))
                Add(TextZone.Lead, -1, s);

        var paragraph = 0;
        foreach (var block in blocks)
        {
            var lines = block.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0) continue;
            if (lines.Length == 1 && IsHeading(lines[0]))
            {
                // The <h1> repeated at the top of the body is the title again, not a section heading.
                if (!string.Equals(lines[0], title, StringComparison.OrdinalIgnoreCase))
                    Add(TextZone.Heading, paragraph, lines[0]);
                continue;
            }
            var zone = paragraph < leadParagraphs ? TextZone.Lead : TextZone.Body;
            foreach (var s in SentenceBreak().Split(string.Join(' ', lines)))
                Add(zone, paragraph, s);
            paragraph++;
        }
        return new ArticleText(title, language, sentences);
    }

    private static bool IsHeading(string line)
    {
        var last = line[^1];
        if (last is '.' or '!' or '?' or ':' or ';' or ',' or '"' or '”' or '\'' or '’') return false;
        var words = line.Count(char.IsWhiteSpace) + 1;
        return words <= MaxHeadingWords;
    }
}
