using System.Globalization;
using System.Text.RegularExpressions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Eval;

/// <summary>
/// Reads the drafts as their recipients would, over graded networks: every page through the real app's
/// <c>POST /api/suggestions</c> for its first three people, every draft kept. The network's contacts get what a real
/// address book has — a last contact from last week to years ago, a note for some, email or WhatsApp — and three
/// poisoned imports (a formula for a company, a script for a headline, a HYPERLINK in the notes) with interests that
/// do get them suggested. Reports how many drafts share each four-word phrase (names, titles, quotes and the
/// interest left out: only the draft's own wording counts), quotes cut mid-sentence, drafts or reasons that carry a
/// poisoned field, the sentence counts, and 30 drafts drawn with a fixed seed for a person to read.
/// </summary>
internal static partial class DraftsEval
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sets = new List<string>();
        string? readability = null;
        int top = 3, show = 30;
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--network": sets.Add(args[++i]); break;
                case "--readability": readability = args[++i]; break;
                case "--top": top = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--show": show = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--config": var kv = args[++i].Split('=', 2); settings[kv[0]] = kv[1]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        if (sets.Count == 0)
        {
            Console.Error.WriteLine("drafts --network <set-dir> [--network <set-dir>…] [--readability <dir>] [--top 3] [--show 30] [--config Key=Value]");
            return 2;
        }

        var drafts = new List<Draft>();
        foreach (var dir in sets)
        {
            var (network, labels, pages) = NetworkEval.Load(dir, readability);
            await using var session = await NetworkEval.EvalSession.StartAsync([], settings, "Ana Ruiz");
            var people = new Dictionary<string, ContactRequest>();
            foreach (var (c, i) in network.Select((c, i) => (c, i)))
                people[c.Key] = Person(c, i, session.Clock.Now.UtcDateTime);
            foreach (var (key, poisoned) in Poisoned(network, session.Clock.Now.UtcDateTime)) people[key] = poisoned;
            foreach (var (key, person) in people) await session.AddContactAsync(key, person);
            await session.IdleAsync();
            foreach (var page in labels)
            {
                var (_, html) = pages[page.Slug];
                // Each page its own address, as a reader's pages have.
                var answer = await session.SuggestionsAsync($"https://pages.example/{page.Slug}", html, top);
                foreach (var s in answer.Suggestions)
                {
                    var person = people[session.KeyOf[s.Contact.Id]];
                    drafts.Add(new Draft(page.Slug, session.KeyOf[s.Contact.Id], s.Message.Subject ?? "", s.Message.Text, answer.Article.Title ?? "",
                        [person.Name!, "Ana", "Ana Ruiz", answer.Article.SiteName ?? "", person.Company ?? "", .. person.Interests ?? []],
                        string.Join(" ", s.Reasons.Select(r => $"{r.Interest} {r.Evidence} {r.Sentence}"))));
                }
            }
            Console.WriteLine($"== {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: {labels.Count} pages, {people.Count} contacts ({PoisonKeys.Length} poisoned) ==");
        }
        Report(drafts, show);
        return 0;
    }

    sealed record Draft(string Page, string Contact, string Subject, string Text, string Title, string[] Names, string Reasons);

    static readonly string[] PoisonKeys = ["p1", "p2", "p3"];
    static readonly string[] PoisonMarks = ["=cmd", "calc!", "<script", "alert(", "hyperlink", "http://x", "&lt;", "<b>", "&amp;"];

    // What a real address book holds beside a name: when you last spoke (a week to years ago, or never), a note
    // for some, an email for most and WhatsApp for a few. Fixed by position, so every run drafts for the same people.
    static ContactRequest Person(NetworkEval.NetworkContact c, int i, DateTime now) => new()
    {
        Name = c.Name, Interests = c.Interests?.ToList(), Headline = c.Headline, Company = c.Company,
        Email = i % 5 == 4 ? null : $"{c.Key}@example.com",
        Phone = i % 5 == 4 ? "+44 7911 1234" + (10 + i % 90).ToString(CultureInfo.InvariantCulture) : null,
        PreferredChannel = i % 5 == 4 ? Channel.WhatsApp : null,
        LastContactedAt = (i % 7) switch { 0 => null, 1 => now.AddDays(-9), 2 => now.AddDays(-75), 3 => now.AddDays(-200), 4 => now.AddDays(-290), 5 => now.AddDays(-420), _ => now.AddDays(-1100) },
        Notes = (i % 4) switch { 1 => "Met at the spring conference in Lisbon. Wants to hear about new research.", 3 => "Old colleague; we worked on the Leeds project together.", _ => null },
    };

    // Imported cells a spreadsheet or a page would run: each person borrows the interests of a broad contact so that they are suggested.
    static IEnumerable<(string Key, ContactRequest Contact)> Poisoned(List<NetworkEval.NetworkContact> network, DateTime now)
    {
        var broad = network.Where(c => c.Interests is { Length: > 0 }).Take(3).ToList();
        yield return ("p1", new ContactRequest { Name = "Pat Quinn", Company = "=cmd|calc!A1", Headline = "Analyst at =cmd|calc!A1", Interests = [.. broad[0].Interests!], Email = "p1@example.com", LastContactedAt = now.AddDays(-300) });
        yield return ("p2", new ContactRequest { Name = "Robin Vale", Company = "<b>Acme</b> &amp; Co", Headline = "<script>alert(1)</script>", Interests = [.. broad[1 % broad.Count].Interests!], Email = "p2@example.com" });
        yield return ("p3", new ContactRequest { Name = "Kim Ode", Notes = "=HYPERLINK(\"http://x\") Met in Lisbon", Headline = "@SUM(1+1)*cmd|' /C calc'!A0", Interests = [.. broad[2 % broad.Count].Interests!, "=HYPERLINK(\"http://x\",\"click\")"], Email = "p3@example.com", LastContactedAt = now.AddDays(-800) });
    }

    static void Report(List<Draft> drafts, int show)
    {
        Console.WriteLine($"drafts: {drafts.Count}");
        if (drafts.Count == 0) return;

        // Four-word phrases of the draft's own wording: names, title, quotes, interests and the link are breaks, not words.
        var counts = new Dictionary<string, int>();
        foreach (var d in drafts)
            foreach (var gram in OwnPhrases(d).Distinct()) counts[gram] = counts.GetValueOrDefault(gram) + 1;
        var repeated = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(12).ToList();
        var max = repeated.Count == 0 ? 0 : repeated[0].Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"most repeated four-word phrase: {Share(max, drafts.Count)} of drafts (target ≤ 10%)"));
        foreach (var (gram, n) in repeated) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Share(n, drafts.Count),6}  {n,4}  \"{gram}\""));
        Console.WriteLine($"phrases in more than 10% of drafts: {counts.Count(kv => kv.Value * 10 > drafts.Count)}");

        var quotes = drafts.SelectMany(d => Quotes(d.Text).Where(q => !Same(q, d.Title)).Select(q => (d, q))).ToList();
        var cut = quotes.Where(x => IsCut(x.q)).ToList();
        Console.WriteLine($"quotes: {quotes.Count}, cut mid-sentence: {cut.Count} (in {cut.Select(x => x.d).Distinct().Count()} drafts)");
        foreach (var (_, q) in cut.Take(3)) Console.WriteLine($"  e.g. {q}");

        var poisoned = drafts.Where(d => PoisonMarks.Any(m => (d.Text + " " + d.Subject).Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
        var poisonedReasons = drafts.Where(d => PoisonMarks.Any(m => d.Reasons.Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
        Console.WriteLine($"drafts to poisoned contacts: {drafts.Count(d => PoisonKeys.Contains(d.Contact))}; drafts holding a formula or markup: {poisoned.Count}; reasons holding one: {poisonedReasons.Count}");
        foreach (var d in poisoned.Take(3)) Console.WriteLine($"  e.g. {d.Contact}: {Line(d.Text)}");

        var doubled = drafts.Count(d => DoubledQuote().IsMatch(d.Text) || DoubledQuote().IsMatch(d.Reasons));
        Console.WriteLine($"drafts or reasons with a doubled quote mark: {doubled}");
        var sentences = drafts.GroupBy(d => Sentences(d.Text)).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        Console.WriteLine($"sentences per draft (greeting, link and sign-off aside): {string.Join(", ", sentences)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"words per draft: median {Median(drafts.Select(d => Words(d.Text)))}"));

        Console.WriteLine();
        Console.WriteLine($"== {Math.Min(show, drafts.Count)} drafts drawn at random (seed 23) ==");
        var random = new Random(23);
        foreach (var d in drafts.OrderBy(_ => random.Next()).Take(show))
        {
            Console.WriteLine($"--- {d.Page} → {d.Contact}   subject: {d.Subject}");
            Console.WriteLine(d.Text);
        }
    }

    static IEnumerable<string> OwnPhrases(Draft d)
    {
        var text = d.Text;
        foreach (var q in Quotes(text)) text = text.Replace(q, " | ");
        foreach (var name in d.Names.Append(d.Title).Where(n => n.Length > 1).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, " | ", StringComparison.OrdinalIgnoreCase);
            // The first name alone, as greetings use it.
            var first = name.Split(' ')[0];
            if (first.Length > 2 && char.IsUpper(first[0])) text = Regex.Replace(text, $@"\b{Regex.Escape(first)}\b", " | ");
        }
        text = Url().Replace(text, " | ");
        foreach (var segment in Breaks().Split(text))
        {
            var words = Regex.Matches(segment.ToLowerInvariant(), @"[\p{L}\p{N}']+").Select(m => m.Value).ToArray();
            for (var i = 0; i + 4 <= words.Length; i++) yield return string.Join(' ', words[i..(i + 4)]);
        }
    }

    static IEnumerable<string> Quotes(string text) => QuoteMarks().Matches(text).Select(m => m.Value);

    // A quote that does not end a sentence — "…" or no closing stop — was cut.
    static bool IsCut(string quote)
    {
        var inner = quote.Trim('“', '”', '’', '‘', ' ');
        return inner.EndsWith('…') || inner.EndsWith("...", StringComparison.Ordinal) || !".!?".Contains(inner[^1]);
    }

    // A title named in quote marks is no quote of the article (its inner quotes made single, a long one shortened).
    static bool Same(string quote, string title)
    {
        static string Bare(string s) => new([.. s.Where(char.IsLetterOrDigit)]);
        var q = Bare(quote.TrimEnd('”', '’', '…'));
        return q.Length > 0 && Bare(title).StartsWith(q, StringComparison.OrdinalIgnoreCase);
    }

    // The note's body: its greeting line, the link and a short sign-off aside, sentences counted by their stops (a quote counts as one).
    static int Sentences(string text)
    {
        var paragraphs = text.Split("\n\n").Where(p => !Url().IsMatch(p.Trim()) || p.Trim().Contains(' ')).ToList();
        if (paragraphs.Count > 1 && paragraphs[^1].Split(' ', '\n').Length <= 4) paragraphs.RemoveAt(paragraphs.Count - 1);
        if (paragraphs.Count > 1 && paragraphs[0].Length < 30 && !paragraphs[0].Contains('.')) paragraphs.RemoveAt(0);
        // A quote ends its sentence ("This stood out: “…”"), or is one ("“…” Hard to argue with that.").
        var body = QuoteMarks().Replace(Regex.Replace(string.Join(" ", paragraphs), @"“[^“”]*”(?=\s*$|\s+[A-Z“])", "Q."), "Q");
        return Regex.Matches(body, @"[.!?…](?=\s|$)").Count;
    }

    static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    static string Share(int n, int total) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / total:0.0}%");

    static string Line(string text) => text.Replace("\n", " ⏎ ");

    [GeneratedRegex("“[^“”]*”")]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"[|\n—–:;.!?()]")]
    private static partial Regex Breaks();

    [GeneratedRegex(@"(”|"")(”|"")|(’|')”""")]
    private static partial Regex DoubledQuote();
}
