using System.Globalization;
using System.Text.Json;

namespace ContentHelper.Eval;

/// <summary>
/// Does the product learn from the user? A simulated user reads articles one after another and acts as a thoughtful
/// person would on the first <c>--learn</c> of them: shares each with the people it is right for, and says "not for
/// them" to anyone suggested who it is not for; a month passes (cooldowns and monthly caps lapse); then the next
/// articles are judged. Run with learning on and off (Matching:LearnFromUser=false), same articles, same actions.
/// On a graded network (the right people: those graded 2) and on a topic set (a BBC protocol's contacts; the right
/// people: the article's topic's), reporting the whole-list measures and P@1.
/// </summary>
internal static class LearningEval
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? network = null, readability = null, bbc = null, protocol = null;
        int learn = 20, judge = 100, seeds = 3;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--network": network = args[++i]; break;
                case "--readability": readability = args[++i]; break;
                case "--bbc": bbc = args[++i]; break;
                case "--protocol": protocol = args[++i]; break;
                case "--learn": learn = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--judge": judge = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (network is null && bbc is null)
        {
            Console.Error.WriteLine("learn (--network <set-dir> [--readability <dir>] | --bbc <matching-dir> --protocol <bbc-broad.json>) [--learn 20] [--judge 100] [--seeds 3]");
            return 2;
        }
        if (network is not null) await NetworkAsync(network, readability, learn);
        if (bbc is not null) await TopicsAsync(bbc, protocol!, learn, judge, seeds);
        return 0;
    }

    static readonly Dictionary<string, string?> Learning = new() { ["ReadingList:RememberRead"] = "true" };
    static readonly Dictionary<string, string?> NotLearning = new() { ["ReadingList:RememberRead"] = "true", ["Matching:LearnFromUser"] = "false" };

    static async Task NetworkAsync(string dir, string? readability, int learn)
    {
        var (contacts, labels, pages) = NetworkEval.Load(dir, readability);
        Console.WriteLine($"== {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: learn from the first {learn} pages, judge the other {labels.Count - learn} ==");
        foreach (var (name, settings) in new[] { ("without learning", NotLearning), ("learning", Learning) })
        {
            await using var session = await NetworkEval.EvalSession.StartAsync(contacts, settings);
            var judged = new List<NetworkEval.Answer>();
            for (var i = 0; i < labels.Count; i++)
            {
                var page = labels[i];
                // Each page its own address: shares and "not for them" are kept per article.
                var (_, html) = pages[page.Slug];
                var url = $"https://pages.example/{page.Slug}";
                var answer = await session.SuggestAsync(page, url, html);
                if (i >= learn) { judged.Add(answer); continue; }
                await session.ShareAsync(page.Grades.Where(g => g.Value == 2).Select(g => g.Key), url, page.Title);
                foreach (var wrong in answer.Suggested.Where(k => page.Grades.GetValueOrDefault(k) == 0))
                    await session.NotForThemAsync(wrong, url);
                if (i == learn - 1) session.Clock.Now += TimeSpan.FromDays(35);
            }
            NetworkEval.Print(name, NetworkEval.Score(judged));
        }
    }

    static async Task TopicsAsync(string bbc, string protocolFile, int learn, int judge, int seeds)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(protocolFile));
        var contacts = new List<NetworkEval.NetworkContact>();
        var labelOf = new Dictionary<string, string?>();
        foreach (var topic in doc.RootElement.GetProperty("topics").EnumerateObject())
            foreach (var phrase in topic.Value.EnumerateArray())
            {
                var key = $"c{contacts.Count:00}";
                contacts.Add(new NetworkEval.NetworkContact(key, $"Contact {contacts.Count}", [phrase.GetString()!], null, null));
                labelOf[key] = topic.Name;
            }
        if (doc.RootElement.TryGetProperty("distractors", out var distractors))
            foreach (var phrase in distractors.EnumerateArray())
            {
                var key = $"c{contacts.Count:00}";
                contacts.Add(new NetworkEval.NetworkContact(key, $"Contact {contacts.Count}", [phrase.GetString()!], null, null));
                labelOf[key] = null;
            }
        var articles = EvalCorpora.Bbc(bbc);
        Console.WriteLine($"== {Path.GetFileNameWithoutExtension(protocolFile)}: {contacts.Count} contacts; learn from {learn} articles, judge the next {judge}; {seeds} seeded orders ==");
        foreach (var (name, settings) in new[] { ("without learning", NotLearning), ("learning", Learning) })
        {
            int right = 0, total = 0, silent = 0;
            for (var seed = 1; seed <= seeds; seed++)
            {
                await using var session = await NetworkEval.EvalSession.StartAsync(contacts, settings);
                var order = articles.OrderBy(_ => 0).ToList();
                new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
                for (var i = 0; i < learn + judge; i++)
                {
                    var a = order[i];
                    var url = $"https://news.example/{a.Key}";
                    var html = EvalCorpora.WrapAsHtml(a.Article.Title ?? "", EvalCorpora.Paragraphs(a.Article.Text).ToList());
                    var page = new NetworkEval.GradedPage(a.Key, a.Article.Title ?? "", contacts.ToDictionary(c => c.Key, c => labelOf[c.Key] == a.Broad ? 2 : 0), []);
                    var answer = await session.SuggestAsync(page, url, html);
                    if (i >= learn)
                    {
                        total++;
                        if (answer.Suggested.Length == 0) silent++;
                        else if (labelOf[answer.Suggested[0]] == a.Broad) right++;
                        continue;
                    }
                    await session.ShareAsync(contacts.Where(c => labelOf[c.Key] == a.Broad).Select(c => c.Key), url, a.Article.Title ?? "");
                    foreach (var wrong in answer.Suggested.Where(k => labelOf[k] != a.Broad))
                        await session.NotForThemAsync(wrong, url);
                    if (i == learn - 1) session.Clock.Now += TimeSpan.FromDays(35);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} P@1 {right / (double)total:0.000} ({right}/{total})  silent {silent / (double)total:0.000}"));
        }
    }
}
