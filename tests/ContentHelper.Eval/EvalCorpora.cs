using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ContentHelper.Api.Articles;
using ContentHelper.Shared.Articles;
using CsvHelper;

namespace ContentHelper.Eval;

/// <summary>One evaluation article: its fine label (BBC topic, newsgroup) and broad label (BBC topic, 20NG topic).</summary>
internal sealed record EvalArticle(string Key, string Group, string Broad, Article Article);

/// <summary>
/// The corpora the matching evaluation reads by path (never copied into the project): BBC News (5 topics),
/// a 20 Newsgroups sample (20 groups in 8 broad topics), and the Wikinews background (no labels). Every page is
/// wrapped as the protocol's minimal HTML and read by the real <see cref="ArticleParser"/>, as a request from the
/// extension would be.
/// </summary>
internal static class EvalCorpora
{
    // No time budget: a corpus is read once, on a machine that may be busy; the product keeps its budget.
    private static readonly ArticleParser Parser = new(new ArticleParserOptions { TimeBudget = TimeSpan.FromHours(1) });

    /// <summary>bbc/&lt;topic&gt;/&lt;nnn&gt;.txt: line 1 the headline, a blank line, then paragraphs separated by blank lines.</summary>
    public static List<EvalArticle> Bbc(string dir, int limitPerLabel = int.MaxValue)
    {
        var articles = new List<EvalArticle>();
        foreach (var topicDir in Directory.GetDirectories(Path.Combine(dir, "bbc")).Order(StringComparer.Ordinal))
        {
            var topic = Path.GetFileName(topicDir);
            foreach (var file in Directory.GetFiles(topicDir, "*.txt").Order(StringComparer.Ordinal).Take(limitPerLabel))
            {
                var (headline, paragraphs) = HeadlineAndParagraphs(File.ReadAllText(file));
                var id = Path.GetFileNameWithoutExtension(file);
                articles.Add(new EvalArticle($"bbc/{topic}/{id}", topic, topic, Parse(headline, paragraphs, $"https://news.example/{topic}/{id}")));
            }
        }
        return articles;
    }

    /// <summary>docs/&lt;group&gt;/&lt;id&gt;.txt (subject, blank line, body) and topics.json mapping each group to a broad topic.</summary>
    public static List<EvalArticle> Newsgroups(string dir, int limitPerLabel = int.MaxValue)
    {
        using var topics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "topics.json")));
        var broadOf = topics.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var articles = new List<EvalArticle>();
        foreach (var groupDir in Directory.GetDirectories(Path.Combine(dir, "docs")).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(groupDir);
            foreach (var file in Directory.GetFiles(groupDir, "*.txt").Order(StringComparer.Ordinal).Take(limitPerLabel))
            {
                var (headline, paragraphs) = HeadlineAndParagraphs(File.ReadAllText(file));
                var id = Path.GetFileNameWithoutExtension(file);
                articles.Add(new EvalArticle($"20ng/{group}/{id}", group, broadOf[group], Parse(headline, paragraphs, $"https://forum.example/{group}/{id}")));
            }
        }
        return articles;
    }

    /// <summary>Wikinews CSV files (url, date, title, text); the text starts with a date line ("Friday, January 4, 2019"), which is dropped.</summary>
    public static List<(string Title, List<string> Paragraphs)> WikinewsTexts(string dir)
    {
        var result = new List<(string, List<string>)>();
        foreach (var file in Directory.GetFiles(dir, "*.csv").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            using var csv = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = true, Separator = ',', AllowLineBreaksInQuotes = true });
            while (csv.Read())
            {
                var paragraphs = Paragraphs(csv.GetString(3) ?? "").ToList();
                if (paragraphs.Count > 0 && DateTime.TryParse(paragraphs[0], CultureInfo.InvariantCulture, out _)) paragraphs.RemoveAt(0);
                if (paragraphs.Count > 0) result.Add(((csv.GetString(2) ?? "").Trim(), paragraphs));
            }
        }
        return result;
    }

    public static Article Parse(string headline, IReadOnlyList<string> paragraphs, string url) =>
        Parser.ParseAsync(WrapAsHtml(headline, paragraphs), url, CancellationToken.None).GetAwaiter().GetResult();

    private static (string Headline, List<string> Paragraphs) HeadlineAndParagraphs(string content)
    {
        var lines = content.Replace("\r\n", "\n").Split('\n');
        return (lines[0].Trim(), Paragraphs(string.Join('\n', lines.Skip(1))).ToList());
    }

    internal static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p.Length > 0);

    /// <summary>The protocol's minimal page: &lt;title&gt; and &lt;h1&gt; are the headline, one &lt;p&gt; per paragraph.</summary>
    internal static string WrapAsHtml(string headline, IReadOnlyList<string> paragraphs)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(headline)).Append("</title></head><body><article><h1>")
            .Append(WebUtility.HtmlEncode(headline)).Append("</h1>");
        foreach (var p in paragraphs) html.Append("<p>").Append(WebUtility.HtmlEncode(p)).Append("</p>");
        return html.Append("</article></body></html>").ToString();
    }
}
