using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Drafts the note that goes with an article, as a person would write it: two to four sentences — one concrete point
/// of the article (a whole sentence of it, quoted: the one that matched the person, else a lead sentence with a
/// number or a decision; never cut, never boilerplate), why it is for this person in their own terms (their interest
/// as they wrote it, a name from the user's notes that the article names too, the last piece sent them), and a long
/// silence said once, without a number. Company and headline are never used: a sentence built from them reads as a
/// mail merge. The plan of the note and every phrasing are chosen by a stable hash of contact and article (plus the
/// user's rotation), so the same inputs give the same draft and one user's notes do not repeat each other. The tone
/// (brief, warm, formal) and what was learned of the user's own voice shape greeting, length and sign-off.
/// See docs/drafts.md.
/// </summary>
public sealed partial class MessageDrafter
{
    /// <summary>Phrases that make a note read as automated or transactional; no draft may contain one.</summary>
    public static readonly string[] StockPhrases =
    [
        "hope this finds you well", "hope you're well", "hope you are well", "hope all is well", "hope you're doing well",
        "thought you might find this interesting", "thought you'd find this interesting", "you might find this interesting",
        "just wanted to reach out", "reaching out", "just checking in", "touching base", "touch base", "circle back",
        "i came across this article", "pick your brain", "per my last", "as per", "synergy", "quick question",
        "sorry to bother you", "i know you're busy",
        // Found by trying the product on real pages: canned lines that say nothing about the article or the person.
        "made me think of you", "your interest in", "you're the first person i think of", "the first person i think of",
        "for anything on", "i'd love to hear your take", "when you have a minute", "no reply needed",
        "had your name on it", "felt like one for you", "for your reading list", "curious what you make of it",
        "compare notes on it sometime", "long time!",
    ];

    /// <summary>Days of silence after which the note says so.</summary>
    public const int LongGapDays = 180;

    // A quoted sentence longer than this is not quoted (a shorter whole one is looked for): cutting it would misquote.
    const int EmailQuoteChars = 260, ShortQuoteChars = 170, TitleChars = 140;

    // Capitalised words that are not names worth recalling from a note.
    static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "They", "She", "His", "Her", "And", "But", "Also", "Mum", "Dad", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December", "Met", "Old", "Wants",
    };

    // Words that make an "interest" a job title rather than a subject ("mba candidate", "talent acquisition lead"):
    // "gets into mba candidate" is a slot showing.
    static readonly HashSet<string> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "candidate", "manager", "director", "engineer", "student", "officer", "lead", "head", "founder", "cofounder", "co-founder",
        "ceo", "cto", "cfo", "coo", "vp", "analyst", "consultant", "partner", "developer", "designer", "specialist", "executive",
        "associate", "intern", "recruiter", "owner", "president", "chair", "advisor", "adviser", "professor", "lecturer",
        "researcher", "editor", "reporter", "coordinator", "administrator", "assistant", "mba", "phd", "md", "gp",
    };

    /// <summary>The last piece the user sent this contact.</summary>
    public sealed record PreviousShare(string Title, DateTime SharedAt);

    /// <param name="Rotation">Turns the user's phrasings over time (their number of shares): the next note to the same person on the same article stays the same, the user's notes as a whole move on.</param>
    public sealed record Input(
        Guid ContactId, string ContactName, string? XHandle, int? DaysSinceContact, string Interest, string? Evidence,
        string ArticleUrl, string? ArticleTitle, string? SiteName, string? Selection, string? SenderName, string? Lead = null,
        string? Headline = null, string? Company = null, string? Notes = null, PreviousShare? LastShare = null, DateTime? Now = null,
        DraftTone Tone = DraftTone.Warm, UserVoice? Voice = null, int Rotation = 0);

    public (DraftMessage Message, DraftTexts Texts) Draft(Input input, Channel channel, ShareAction action)
    {
        var pick = new Chooser(input.ContactId, input.ArticleUrl, input.Rotation);
        var name = PlainText.OrNull(input.ContactName);
        var first = name is null ? null : PersonNames.FirstName(name);
        var title = Clip(PlainText.OrNull(input.ArticleTitle) ?? PlainText.OrNull(input.SiteName) ?? "this article", TitleChars)!;
        var site = PlainText.OrNull(input.SiteName) is { } s && !SameText(s, title) ? s.Trim() : null;
        var interest = Phrase(input.Interest);

        var email = Note(input, pick, first, title, site, interest, shortChannel: false);
        var shortText = Note(input, pick, first, title, site, interest, shortChannel: true);

        var mention = input.XHandle is { Length: > 0 } handle && PlainText.OrNull(handle) is not null ? "@" + handle : first ?? "you";
        var publicLine = interest is null
            ? Format(pick.Of(DraftWording.PlainPublicLines, 7), mention)
            : Format(pick.Of(DraftWording.PublicLines, 7), mention, interest);
        var xPost = ShareLinks.FitForX($"{Clip(title, 120)} — {publicLine}", input.ArticleUrl);
        var point = Point(input, title, EmailQuoteChars);
        var publicQuote = point is null ? "" : Quote(point) + "\n\n";
        var publicName = name ?? "you";
        var publicPost = $"{title}\n\n{publicQuote}{(interest is null ? Format(pick.Of(DraftWording.PlainPublicLines, 7), publicName) : Format(pick.Of(DraftWording.PublicLines, 7), publicName, interest))}\n\n{input.ArticleUrl}";
        // The title alone when it already names the interest: "On impeachment: Impeachment hearings…" says it twice.
        var subject = Clip(interest is null || Mentions(title, interest) ? title : $"{Capitalise(interest)} — {title}", 120) ?? title;

        var texts = new DraftTexts(subject, email, shortText, xPost, publicPost);
        var message = (channel, action) switch
        {
            (Channel.X, _) => new DraftMessage(null, xPost),
            (_, ShareAction.Tag) => new DraftMessage(null, publicPost),
            (Channel.WhatsApp or Channel.Telegram or Channel.LinkedIn, _) => new DraftMessage(null, shortText),
            _ => new DraftMessage(subject, email),
        };
        return (message, texts);
    }

    /// <summary>The note for a private channel: greeting, the sentences of one plan, the link, the sign-off.</summary>
    string Note(Input input, Chooser pick, string? first, string title, string? site, string? interest, bool shortChannel)
    {
        var tone = input.Tone;
        var voice = input.Voice;
        var formal = tone == DraftTone.Formal;
        var maxQuote = shortChannel ? ShortQuoteChars : EmailQuoteChars;
        var article = Quote(title) + (site is null || pick.Of(new[] { true, false, false }, 12) ? "" : $" ({site})");

        // The article's point: a whole sentence, quoted with one of many frames; or the article by name.
        var selection = input.Selection is { Length: > 0 } selected && !PlainText.IsSuspect(selected) ? Collapse(selected) : null;
        var sentence = selection ?? Point(input, title, maxQuote);
        // A long title beside a long quote makes one heavy sentence: then the frame leaves the title to the link.
        var frames = sentence is not null && (title.Length > 90 || sentence.Length > 200 || shortChannel)
            ? DraftWording.QuoteFrames.Where(f => !f.Contains("{t}")).ToArray() : DraftWording.QuoteFrames;
        var point = sentence is null
            ? Fill(pick.Of(DraftWording.BareArticle, 2), article)
            : Fill(pick.Of(frames, 2), article, quote: Quote(sentence));

        // Why them, in their own terms.
        var why = interest is null ? pick.Of(DraftWording.PlainLines, 3) : Fill(pick.Of(DraftWording.InterestLines, 3), interest: interest);
        var articleText = string.Join(' ', input.ArticleTitle, input.Evidence, input.Lead, input.Selection);
        string? recall = null;
        if (NoteName(PlainText.OrNull(input.Notes), articleText) is { } noteName)
            recall = Fill(pick.Of(DraftWording.NoteRecalls, 4), name: noteName);
        else if (input.LastShare is { } last && PlainText.OrNull(last.Title) is { } lastTitle
                 && (interest is not null && Mentions(lastTitle, interest) || SharesWord(lastTitle, input.ArticleTitle ?? "")))
            recall = Fill(pick.Of(DraftWording.ShareRecalls, 4), sent: Quote(Clip(lastTitle, 100)!), when: When(last.SharedAt, input.Now));

        var gapDays = input.DaysSinceContact is > LongGapDays and var d ? d : (int?)null;
        var month = gapDays is { } days && input.Now is { } now ? now.AddDays(-days).ToString("MMMM", CultureInfo.InvariantCulture) : null;
        string? GapOpen() => gapDays switch
        {
            null => null,
            < 365 => Fill(pick.Of(month is null ? DraftWording.GapsMonths.Where(g => !g.Contains("{m}")).ToArray() : DraftWording.GapsMonths, 5), month: month),
            < 730 => pick.Of(DraftWording.GapsYear, 5),
            _ => pick.Of(DraftWording.GapsYears, 5),
        };

        // The voice's closing line is the user's own: it stays whatever the plan.
        var closing = voice?.Closing ?? (tone == DraftTone.Warm && !shortChannel ? pick.Of(DraftWording.Closings, 6) : null);
        var sentences = new List<string>();
        var target = Length(tone, voice, shortChannel);
        if (tone == DraftTone.Brief || target <= 2)
        {
            // Two sentences: the point, and why them (with the gap folded in when it is long).
            var gapClause = gapDays is null ? null : pick.Of(gapDays < 365 ? DraftWording.GapsBrief : gapDays < 730 ? DraftWording.GapsBriefYear : DraftWording.GapsBriefYears, 5);
            if (voice?.Closing is { } own && target <= 2)
            {
                // The user's two sentences end with their own line: the gap, if any, leads into the point.
                sentences.Add(gapClause is null ? point : $"{gapClause} — {LowerFirst(point)}");
                sentences.Add(own);
            }
            else
            {
                sentences.Add(point);
                sentences.Add(gapClause is null ? why : $"{gapClause} — {LowerFirst(why)}");
                if (voice?.Closing is { } line) sentences.Add(line);
            }
        }
        else
        {
            // Four plans, so that the notes do not all run alike: the gap first, last or folded into the personal line; the recall before or after it.
            var plan = pick.Of(new[] { 0, 1, 2, 3 }, 8);
            var gapOpen = GapOpen();
            var gapAfter = gapDays is null ? null : pick.Of(DraftWording.GapsAfter, 5);
            var gapClause = gapDays is null ? null : pick.Of(gapDays < 365 ? DraftWording.GapsBrief : gapDays < 730 ? DraftWording.GapsBriefYear : DraftWording.GapsBriefYears, 5);
            var parts = plan switch
            {
                0 => new[] { gapOpen, point, why, recall },
                1 => [point, why, recall, gapAfter],
                2 => [gapOpen, point, recall, why],
                _ => [point, gapClause is null ? why : $"{gapClause} — {LowerFirst(why)}", recall],
            };
            sentences.AddRange(parts.OfType<string>());
            // Trim to length: the recall goes first, then the person; never the point, nor the gap (said once, it is owed).
            var room = voice?.Closing is null ? target : target - 1;
            foreach (var extra in new[] { recall, why }.OfType<string>())
                if (sentences.Count > room && sentences.Count > 2) sentences.Remove(extra);
            // The user's own closing line always; a stock one only where the plan left room.
            if (closing is not null && (voice?.Closing is not null || sentences.Count < target)) sentences.Add(closing);
        }

        var greeting = Greeting(first, tone, voice, pick);
        var sender = PlainText.OrNull(input.SenderName);
        var signOff = SignOff(sender, tone, voice, shortChannel, pick);
        var body = shortChannel || sentences.Count <= 2
            ? string.Join(' ', sentences)
            : string.Join(' ', sentences.Take(sentences.Count - 1)) + "\n\n" + sentences[^1];
        var text = Paragraphs(greeting, body, input.ArticleUrl, signOff);
        return formal ? Uncontract(text) : text;
    }

    /// <summary>The sentences of the body: brief two; warm three, two on a short channel; formal three; the user's own length when learned.</summary>
    static int Length(DraftTone tone, UserVoice? voice, bool shortChannel)
    {
        var length = tone switch { DraftTone.Brief => 2, DraftTone.Formal => 3, _ => shortChannel ? 2 : 3 };
        if (voice?.Sentences is { } own && tone != DraftTone.Brief) length = Math.Clamp(own, 2, shortChannel ? 3 : 4);
        return length;
    }

    static string? Greeting(string? first, DraftTone tone, UserVoice? voice, Chooser pick)
    {
        // The user's own greeting wins in a warm or brief note; a formal one keeps its "Dear".
        if (voice?.Greeting is { } own && tone != DraftTone.Formal)
            return own.Length == 0 ? null : own.Contains("{0}") ? first is null ? null : own.Replace("{0}", first) : own;
        if (first is null) return pick.Of(DraftWording.NamelessGreetings, 1);
        // A title with a surname only ("Dr. Okafor") reads wrong after "Hey".
        var pool = tone == DraftTone.Formal || first.Contains(' ') ? DraftWording.FormalGreetings
            : tone == DraftTone.Brief ? DraftWording.BriefGreetings : DraftWording.WarmGreetings;
        return Format(pick.Of(pool, 1), first);
    }

    static string? SignOff(string? sender, DraftTone tone, UserVoice? voice, bool shortChannel, Chooser pick)
    {
        if (voice?.SignOff is { } own && tone != DraftTone.Formal) return own;
        if (sender is null) return tone == DraftTone.Formal ? "Best regards" : null;
        var first = PersonNames.FirstName(sender);
        return tone switch
        {
            DraftTone.Formal => "Best regards,\n" + (shortChannel ? first : sender.Trim()),
            DraftTone.Warm when !shortChannel => Format(pick.Of(DraftWording.WarmSignOffs, 9), first),
            _ => first,
        };
    }

    /// <summary>The interest as the person wrote it, when it reads as a subject in a sentence: not a job title, not a formula.</summary>
    static string? Phrase(string? interest)
    {
        if (PlainText.OrNull(interest) is not { } text || text is "this") return null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 6 || words.Any(w => RoleWords.Contains(w.Trim(',', '.', '(', ')'))) || text.Any(c => c is ':' or '|' or '/' or '@' or '#'))
            return null;
        return text;
    }

    /// <summary>
    /// A place, person or organisation the user's notes name mid-sentence and the article names too: "Asked about
    /// Iceland last spring." and an article on Icelandic carbon stores → "Iceland". Only such a name is taken from
    /// private notes, never their wording.
    /// </summary>
    static string? NoteName(string? notes, string articleText)
    {
        if (string.IsNullOrWhiteSpace(notes) || string.IsNullOrWhiteSpace(articleText)) return null;
        var words = notes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < words.Length; i++)
        {
            var previous = words[i - 1];
            if (previous.EndsWith('.') || previous.EndsWith('!') || previous.EndsWith('?') || previous.EndsWith(':')) continue;
            var word = words[i].Trim('.', ',', ';', ':', '!', '?', '(', ')', '"', '“', '”', '\'', '*', '_');
            if (word.Length < 3 || !char.IsUpper(word[0]) || NotNames.Contains(word) || word.Skip(1).All(char.IsUpper) && word.Length > 5
                || !word.All(c => char.IsLetter(c) || c == '-'))
                continue;
            // "North Sea": the next capitalised word belongs to the name.
            if (i + 1 < words.Length && !words[i].EndsWith(',') && !words[i].EndsWith('.') && words[i + 1].Trim('.', ',', ';', ':') is { Length: > 2 } next
                && char.IsUpper(next[0]) && !NotNames.Contains(next) && articleText.Contains(word + " " + next, StringComparison.Ordinal))
                return word + " " + next;
            if (Regex.IsMatch(articleText, $@"\b{Regex.Escape(word)}\b")) return word;
        }
        return null;
    }

    static string When(DateTime sharedAt, DateTime? now)
    {
        if (now is not { } today) return "a while ago";
        var days = (today - sharedAt).TotalDays;
        if (days < 21) return "the other day";
        return days < 330
            ? "in " + sharedAt.ToString("MMMM", CultureInfo.InvariantCulture)
            : "in " + sharedAt.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The article's point, as a whole sentence to quote: the sentence that matched the person, else the lead's first
    /// sentence with a number or a decision in it, else its first fit sentence. Fit: a whole sentence (it ends with
    /// its stop), six words or more, short enough to quote whole, and not boilerplate. None fit: null, and the note
    /// names the article instead of misquoting it.
    /// </summary>
    static string? Point(Input input, string title, int max)
    {
        if (Fit(input.Evidence, title, input.Interest, max) is { } matched) return matched;
        var lead = Sentences(input.Lead).Select(s => Fit(s, title, input.Interest, max)).OfType<string>().ToList();
        return lead.FirstOrDefault(s => Concrete().IsMatch(s)) ?? lead.FirstOrDefault();
    }

    static string? Fit(string? candidate, string title, string interest, int max)
    {
        if (string.IsNullOrWhiteSpace(candidate)) return null;
        var text = Dateline().Replace(Collapse(candidate), "");
        var inner = text.TrimEnd('"', '”', '’', '\'', ')', ' ');
        if (inner.Length == 0 || !".!?".Contains(inner[^1]) || inner.EndsWith("...", StringComparison.Ordinal)) return null;
        if (text.Length > max || text.Split(' ').Length < 6 || SameText(text, title) || SameText(text, interest)) return null;
        if (Boilerplate().IsMatch(text) || PlainText.IsSuspect(text)) return null;
        // The note is in English: a sentence of a French page quoted to an English reader is no point made.
        if (EnglishWords().Matches(text).Count < 2) return null;
        // A sentence the user would not put in their own note to a colleague.
        if (Coarse().IsMatch(text)) return null;
        return text;
    }

    /// <summary>Sentences of a lead: ends at a stop before a capital or a quote, not after an initial or a title ("Dr.", "U.S.").</summary>
    static IEnumerable<string> Sentences(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var clean = Collapse(text);
        var start = 0;
        foreach (Match m in SentenceEnd().Matches(clean))
        {
            var end = m.Index + m.Length;
            var word = clean[start..end].Split(' ')[^1];
            if (word.Length <= 3 && char.IsUpper(word[0]) && word.EndsWith('.') || word.Count(c => c == '.') > 1) continue;
            yield return clean[start..end].Trim();
            start = end;
        }
        if (start < clean.Length) yield return clean[start..].Trim();
    }

    const string Openers = "\"“„«", Closers = "\"”»";

    /// <summary>
    /// A sentence from the page in “…”: its own outer quote marks dropped, quotes inside made single (‘…’), and every
    /// quote it opened closed again — never “"…"”, never a quote left open. Never cut: the caller quotes whole sentences.
    /// </summary>
    public static string Quote(string text)
    {
        var clean = Collapse(text);
        if (clean.Length >= 2 && Openers.Contains(clean[0]) && Closers.Contains(clean[^1])
            && clean[1..^1].IndexOfAny(['"', '“', '”', '„', '«', '»']) < 0)
            clean = clean[1..^1].Trim();
        var sb = new StringBuilder(clean.Length + 4);
        var open = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var ch = clean[i];
            var opening = ch is '“' or '„' or '«' || ch == '"' && (i == 0 || char.IsWhiteSpace(clean[i - 1]) || "([{—–-".Contains(clean[i - 1]));
            var closing = !opening && (ch is '”' or '»' || ch == '"');
            if (opening) { sb.Append('‘'); open++; }
            else if (closing) { sb.Append('’'); open = Math.Max(0, open - 1); }
            else sb.Append(ch);
        }
        sb.Append('’', open);
        return "“" + sb + "”";
    }

    /// <summary>A formal note spells its contractions out; quotes and titles (inside “…”) stay as written.</summary>
    static string Uncontract(string text)
    {
        var parts = Regex.Split(text, "(“[^”]*”)");
        for (var i = 0; i < parts.Length; i += 2)
            // "it's been" is "it has been", not "it is been".
            parts[i] = Contraction().Replace(HasBeen().Replace(parts[i], "$1 has been"), m =>
            {
                var full = Contractions[m.Value.ToLowerInvariant().Replace('’', '\'')];
                return char.IsUpper(m.Value[0]) ? Capitalise(full) : full;
            });
        return string.Concat(parts);
    }

    static readonly Dictionary<string, string> Contractions = new()
    {
        ["it's"] = "it is", ["that's"] = "that is", ["here's"] = "here is", ["i've"] = "I have", ["i'm"] = "I am", ["i'd"] = "I would",
        ["you'll"] = "you will", ["you're"] = "you are", ["we're"] = "we are", ["haven't"] = "have not", ["let's"] = "let us",
        ["don't"] = "do not", ["can't"] = "cannot", ["won't"] = "will not", ["isn't"] = "is not", ["i'll"] = "I will", ["what's"] = "what is",
        ["there's"] = "there is", ["you've"] = "you have", ["wasn't"] = "was not", ["didn't"] = "did not", ["one's"] = "one is",
    };

    [GeneratedRegex(@"\b(it|that|there|here)['’]s been\b", RegexOptions.IgnoreCase)]
    private static partial Regex HasBeen();

    [GeneratedRegex(@"\b(it|that|here|i|you|we|haven|let|don|can|won|isn|what|there|wasn|didn|one)['’](s|ve|m|d|ll|re|t)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Contraction();

    // A number or a decision: the concrete point of a lead ("voted", "will close", "42%", "banned").
    [GeneratedRegex(@"\d|\b(decided|voted|approved|announced|found|finds|ruled|agreed|launched|banned|cut|raised|plans|will|signed|rejected|won|lost|closed|opened)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Concrete();

    // Lines a page carries that are not its story: links, calls to act, credits, rights.
    [GeneratedRegex(@"https?://|www\.|\bfollow\b.*\bcoverage\b|\bsign up\b|\bclick\b|\bsubscribe|all rights reserved|\bphoto(graph)?s?\b.*\b(by|credit|getty|ap|reuters)\b|\b(getty images|shutterstock|associated press photo)\b|©|\bcopyright\b|\bnewsletter\b|\bread more\b|\badvertisement\b|\bcookies?\b|\bterms of (use|service)\b|\bdownload (the|our) app\b", RegexOptions.IgnoreCase)]
    private static partial Regex Boilerplate();

    // "LONDON (AP) — " and "WASHINGTON — " before a wire story's first sentence.
    [GeneratedRegex(@"^[A-Z][A-Z .,'’-]{2,40}(\([A-Za-z .]+\))?\s*[—–-]{1,2}\s+")]
    private static partial Regex Dateline();

    [GeneratedRegex(@"\b(the|of|and|to|in|is|for|that|with|was|are|has|have|it|on|by)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWords();

    [GeneratedRegex(@"\b(jackass\w*|shit\w*|fuck\w*|damn\w*|crap\w*|bastard\w*|bullshit|asshole\w*|wtf)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Coarse();

    [GeneratedRegex("^(the|a|an) ", RegexOptions.IgnoreCase)]
    private static partial Regex Determiner();

    [GeneratedRegex(@"[.!?][""”’)]?(?=\s+[""“‘(]?[A-Z0-9])")]
    private static partial Regex SentenceEnd();

    /// <summary>Picks a phrasing per part from a hash of contact and article, turned by the user's rotation: stable for the same inputs, varied across them.</summary>
    readonly struct Chooser(Guid contactId, string url, int rotation)
    {
        readonly ulong seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(contactId.ToString("N") + url)));

        public T Of<T>(T[] options, int part)
        {
            // splitmix64 of (seed, part): each part draws independently of the others.
            var z = seed + (ulong)part * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return options[(int)((z + (ulong)rotation) % (ulong)options.Length)];
        }
    }

    static string Fill(string template, string? article = null, string? quote = null, string? interest = null, string? name = null,
        string? sent = null, string? when = null, string? month = null)
    {
        var text = template;
        if (article is not null) text = text.Replace("{t}", article);
        if (quote is not null) text = text.Replace("{q}", quote);
        if (interest is not null)
        {
            var bare = Determiner().Replace(interest, "");
            var withArticle = ("aeiou".Contains(char.ToLowerInvariant(bare[0])) ? "an " : "a ") + bare;
            text = text.Replace("{i}", interest).Replace("{I}", bare).Replace("{A}", withArticle);
        }
        if (name is not null) text = text.Replace("{n}", name);
        if (sent is not null) text = text.Replace("{s}", sent);
        if (when is not null) text = text.Replace("{w}", when);
        if (month is not null) text = text.Replace("{m}", month);
        return Capitalise(text);
    }

    static string Paragraphs(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrEmpty(p)));

    static string Capitalise(string text) => text.Length == 0 || text[0] == '“' ? text : char.ToUpperInvariant(text[0]) + text[1..];

    static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && char.IsLower(text[1]) && !text.StartsWith("I ", StringComparison.Ordinal) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    static bool SameText(string a, string b) => ArticleIdentity.TitleKey(a) == ArticleIdentity.TitleKey(b);

    /// <summary>Whether <paramref name="text"/> names every word of <paramref name="phrase"/> (by its first five letters: "impeachment" meets "impeach").</summary>
    static bool Mentions(string text, string phrase)
    {
        var words = Stems(text);
        var wanted = Stems(phrase);
        return wanted.Count > 0 && wanted.All(words.Contains);
    }

    static bool SharesWord(string a, string b) => Stems(a).Overlaps(Stems(b));

    static HashSet<string> Stems(string text) =>
        [.. ArticleIdentity.TitleKey(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).Select(w => w.Length > 5 ? w[..5] : w)];

    static string Format(string template, params object[] args) => string.Format(CultureInfo.InvariantCulture, template, args);

    static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A title to name, cut at a word with an ellipsis when very long (a title is named, never quoted as a point).</summary>
    static string? Clip(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var clean = Collapse(text);
        if (clean.Length <= max) return clean;
        var cut = clean[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd(',', ';', ':', '-') + "…";
    }
}
