using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ContentHelper.Api.Articles;

/// <summary>
/// Finds the main text of a page on a <see cref="PageIndex"/>. The scoring follows Mozilla Readability's
/// grabArticle (paragraph scores flow up to five ancestors; link density discounts; the best candidate grows by
/// its siblings; then "clean conditionally" drops link-heavy, image-heavy or form-like blocks inside it), but
/// runs on flat arrays: every text length, link length and tag count is summed bottom-up once per pass by a
/// reverse loop, and nothing is re-parsed or re-measured. Retries with relaxed filters (Readability's flags)
/// re-run only these array passes.
/// </summary>
internal sealed partial class ContentExtractor
{
    // A paragraph shorter than this (characters) adds nothing to its ancestors' scores.
    private const int MinParagraphChars = 25;
    // Scores flow from a paragraph to this many ancestors: parent fully, grandparent half, then 1/(3·level).
    private const int ScoredAncestorLevels = 5;
    private const int TopCandidateCount = 5;
    // Three near-best candidates that share an ancestor mean the article is split into blocks: take the ancestor.
    private const int MinAlternativeCandidates = 3;
    private const double AlternativeScoreRatio = 0.75;
    // A caption or credit longer than this, or holding several paragraphs, is taken for text that happens to
    // carry such a class name.
    private const int MaxCaptionChars = 400;
    // An itemprop="headline" longer than this wraps more than the headline.
    private const int MaxHeadlineChars = 300;
    // A date line is a line: longer than this, it is text that carries a date-like class name.
    private const int MaxDateLineChars = 120;
    // Share buttons, sign-up boxes and bio boxes inside the article are dropped unless they hold this much text.
    private const int WidgetMaxChars = 500;
    // A <div> of loose text longer than this is a whole body, not a lead paragraph to use as the excerpt.
    private const int MaxExcerptChars = 1000;

    // "Related: <a>…</a>", "Read more: <a>…</a>", "Lire aussi : <a>…</a>": a pointer to another article, in the
    // languages we see most; the label must be followed by a separator, so "Related research shows…" is prose.
    [GeneratedRegex(@"^\s*(related( stories| articles| coverage| reading)?|read (more|also|next)|also read|see also|more on this|learn more|further reading|lire( aussi| également)?|à lire aussi|voir aussi|lesen sie (auch|mehr)|mehr zum thema|leer más|lea también|lee también|ver también|leia também|leggi anche)\s*[:：»>|–—-]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadAlsoLabel();

    // A "Related:" line longer than this is a paragraph that happens to start that way.
    private const int ReadAlsoMaxChars = 300;

    // Readability: a block that is only "Advertisement" or "Loading…".
    [GeneratedRegex(@"^\s*(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio|(loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdOrLoadingWords();

    // "…a sentence ends here. " — a short sibling paragraph that reads like prose joins the article.
    [GeneratedRegex(@"\.( |$)")]
    private static partial Regex SentenceEnd();

    // What follows an article's last paragraph and is about the piece, not of it: "Ana Ruiz is a reporter for
    // the Gazette covering…", "This article originally appeared on…", "A version of this article appears in
    // print…", "About the Author", "Follow her on Twitter…", "(Reporting by …; Editing by …)", "Copyright 2019 The
    // Associated Press. All rights reserved."
    [GeneratedRegex(@"^(about the authors?|\(?(additional )?(reporting|writing|editing) by\b[^\n]*|(copyright|©)[^\n]*|[^\n]{0,80}\b(originally (appeared|published)|appears in print|is on twitter at|follow (him|her|them|me|us) on twitter|all rights reserved)\b[^\n]*|\p{Lu}[\p{L}.'’ -]{1,60} (is|was|has been|has|covers|es|est|ist|é) [^\n]{0,120}\b(reporter|writer|correspondent|editor|columnist|author|contributor|journalist|covered|analyst|researcher|professor|investigador|periodista|analista|escritor|politólogo|journaliste|rédacteur|écrivain|journalist|redakteur|autor|korrespondent|jornalista)\b[^\n]*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNote();

    [GeneratedRegex(@"[“”""]|\b(said|says|told)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReportedSpeech();

    // Only so many closing notes are looked at, and each must be short: a long last paragraph is the article's.
    private const int MaxTrailingNotes = 3;
    private const int MaxTrailingNoteChars = 400;

    [Flags]
    private enum Filters
    {
        None = 0,
        StripUnlikely = 1,
        WeightClasses = 2,
        CleanConditionally = 4,
        All = StripUnlikely | WeightClasses | CleanConditionally,
    }

    private struct Stats
    {
        public int Text;          // collapsed text length of the kept subtree
        public float Links;       // text inside <a>, hash links weighted 0.3
        public int Commas;
        public int Inline;        // text of direct phrasing children: an implicit paragraph in a block <div>
        public int InlineCommas;
        public int Headings;      // text inside h1–h6
        public int Textish;       // text inside span/li/td/p/div/…
        public int Lists;         // text inside ul/ol
        public short Paragraphs, Images, ListItems, Inputs, Embeds, ChildElements;
        public short MostGrandchildren; // the largest element-child count among the element children
        public bool HasBlockChild, HasDataTable;
        public int OnlyChild;     // the single element child, if exactly one
        public float Score;
        public bool IsCandidate;
    }

    private readonly PageIndex _page;
    private readonly string? _title;
    private HashSet<string>? _titleWords;
    private string? _titleLetters;
    // RepeatsTitle per heading, kept across the retries, which ask again about the same headings.
    private Dictionary<int, bool>? _repeatsTitle;
    private readonly int _headline;
    private readonly CancellationToken _ct;
    private readonly bool[] _removed;
    private readonly bool[] _dead;
    private readonly bool[] _paragraphDivs;
    private readonly Stats[] _stats;
    private int _bylineNode = -2;
    private int _steps;

    private ContentExtractor(PageIndex page, string? title, CancellationToken ct)
    {
        _page = page;
        _title = title;
        _headline = page.ItemProps.GetValueOrDefault("headline", -1);
        _ct = ct;
        // Rented for the same reason as PageIndex's arrays; cleared per pass, returned by Extract.
        _removed = ArrayPool<bool>.Shared.Rent(page.Count);
        _dead = ArrayPool<bool>.Shared.Rent(page.Count);
        _paragraphDivs = ArrayPool<bool>.Shared.Rent(page.Count);
        _stats = ArrayPool<Stats>.Shared.Rent(page.Count);
    }

    public static ExtractedContent Extract(PageIndex page, string? title, int minBodyChars, CancellationToken ct,
        out string? bylineElementText)
    {
        bylineElementText = null;
        if (page.Body < 0 || page.IsFrameset)
        {
            return ExtractedContent.Empty;
        }
        var extractor = new ContentExtractor(page, title, ct);
        try
        {
            var result = extractor.ExtractWithRetries(minBodyChars);
            bylineElementText = extractor._bylineText;
            return result;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(extractor._removed);
            ArrayPool<bool>.Shared.Return(extractor._dead);
            ArrayPool<bool>.Shared.Return(extractor._paragraphDivs);
            ArrayPool<Stats>.Shared.Return(extractor._stats);
        }
    }

    private ExtractedContent ExtractWithRetries(int minBodyChars)
    {
        ExtractedContent? best = null;
        // A filter the page gives nothing to act on (no unlikely-looking block, no weighted class name) changes
        // nothing when relaxed: the retry would repeat the previous run exactly, so it is skipped. Short pages,
        // which retry, mostly have neither.
        var inert = (_page.HasUnlikely ? Filters.None : Filters.StripUnlikely)
            | (_page.HasClassWeights ? Filters.None : Filters.WeightClasses);
        var previous = (Filters)(-1);
        // Readability's retry order: keep unlikely-looking blocks, then ignore class names, then stop cleaning.
        foreach (var filters in (ReadOnlySpan<Filters>)[Filters.All, Filters.All & ~Filters.StripUnlikely,
                     Filters.CleanConditionally, Filters.None])
        {
            if ((filters & ~inert) == previous)
            {
                continue;
            }
            previous = filters & ~inert;
            var result = Run(filters);
            if (result.TextChars >= minBodyChars)
            {
                return result;
            }
            if (best is null || result.TextChars > best.TextChars)
            {
                best = result;
            }
        }
        return best!;
    }

    private string? _bylineText;

    private ExtractedContent Run(Filters filters)
    {
        Array.Clear(_removed, 0, _page.Count);
        Array.Clear(_dead, 0, _page.Count);
        Array.Clear(_paragraphDivs, 0, _page.Count);
        Array.Clear(_stats, 0, _page.Count);
        MarkRemoved(filters);
        Aggregate(_page.Body, _page.End[_page.Body], clean: false, filters);
        MarkParagraphDivs();
        var roots = SelectArticle(filters);
        foreach (var root in roots)
        {
            Aggregate(root, _page.End[root], clean: true, filters);
        }
        return Render(roots);
    }

    /// <summary>Marks the roots of subtrees that never count (chrome, hidden, unlikely-by-class, the byline, the
    /// first heading that repeats the title) as removed, and everything under them as dead.</summary>
    private void MarkRemoved(Filters filters)
    {
        var page = _page;
        int end = page.End[page.Body];
        // Only the first heading that repeats the title is the title; a later one is a section of the article
        // ("Using standalone mode in Emscripten" under "Standalone WebAssembly binaries using Emscripten").
        bool titleHeadingSeen = false;
        for (int i = page.Body + 1; i <= end; i++)
        {
            Tick();
            var tag = page.Tags[i];
            if (tag == Tag.Text)
            {
                continue;
            }
            var flags = page.Flags[i];
            bool remove = (flags & (NodeFlags.Boilerplate | NodeFlags.Hidden)) != 0
                || IsByline(i, flags)
                || (TagNames.IsHeading(tag) && !titleHeadingSeen && (titleHeadingSeen = RepeatsTitle(i)))
                || IsDeclaredHeadline(i)
                || (filters.HasFlag(Filters.StripUnlikely) && (flags & (NodeFlags.UnlikelyClass | NodeFlags.UnlikelyRole)) != 0);
            if (remove)
            {
                _removed[i] = true;
                Array.Fill(_dead, true, i + 1, page.End[i] - i);
                i = page.End[i];
            }
        }
    }

    // <div class="byline">By <a rel="author">Ana Ruiz</a></div> — the first visible one is the byline, taken
    // out of the body. <span itemprop="author"><span itemprop="name">Ana Ruiz</span></span> gives the name.
    private bool IsByline(int i, NodeFlags flags)
    {
        if (!flags.HasFlag(NodeFlags.BylineCandidate))
        {
            return false;
        }
        if (_bylineNode != -2)
        {
            return i == _bylineNode;
        }
        var text = _page.Nodes[i].TextContent.Trim();
        if (text.Length is 0 or >= 100)
        {
            return false;
        }
        _bylineNode = i;
        _bylineText = text;
        for (int d = i + 1; d <= _page.End[i]; d++)
        {
            if (_page.Tags[d] != Tag.Text && _page.AttributeOf(d, "itemprop").Contains("name", StringComparison.OrdinalIgnoreCase))
            {
                _bylineText = _page.Nodes[d].TextContent.Trim();
                break;
            }
        }
        return true;
    }

    // <h1 itemprop="headline">: the page says this is the headline, even when it differs from the title the
    // metadata gives (sites write one headline for the page and another for sharing).
    private bool IsDeclaredHeadline(int i) =>
        i == _headline && _page.Nodes[i].TextContent.Length < MaxHeadlineChars;

    private bool RepeatsTitle(int i)
    {
        if (string.IsNullOrEmpty(_title))
        {
            return false;
        }
        _repeatsTitle ??= [];
        if (!_repeatsTitle.TryGetValue(i, out var repeats))
        {
            _repeatsTitle[i] = repeats = HeadingRepeatsTitle(i, _title);
        }
        return repeats;
    }

    private bool HeadingRepeatsTitle(int i, string title)
    {
        var heading = _page.Nodes[i].TextContent;
        if (heading.Length > 3 * title.Length)
        {
            return false; // cheap first: a heading three times the title's length is not the title
        }
        _titleWords ??= WordSet(title);
        _titleLetters ??= LettersAndDigits(title);
        return Similarity(_titleWords, heading) > 0.75 || ContainedIn(_titleLetters, LettersAndDigits(heading));
    }

    // "深度学习迈上新台阶" in the title "深度学习迈上新台阶_科技_腾讯网": scripts written without spaces have no words
    // to compare, so a heading whose letters run unbroken inside the title, and make up at least half of it,
    // repeats it too.
    private static bool ContainedIn(string titleLetters, string headingLetters) =>
        headingLetters.Length >= 8 && headingLetters.Length * 2 >= titleLetters.Length
        && titleLetters.Contains(headingLetters, StringComparison.Ordinal);

    private static string LettersAndDigits(string s)
    {
        var letters = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                letters.Append(char.ToLowerInvariant(c));
            }
        }
        return letters.ToString();
    }

    /// <summary>Readability's similarity: the share of B's words (by length) that also occur in A.</summary>
    internal static double TextSimilarity(string a, string b) => Similarity(WordSet(a), b);

    private static HashSet<string> WordSet(string s) => Words(s).ToHashSet(StringComparer.Ordinal);

    private static double Similarity(HashSet<string> tokensA, string b)
    {
        var tokensB = Words(b);
        if (tokensA.Count == 0 || tokensB.Count == 0)
        {
            return 0;
        }
        // The lengths of B's words joined by spaces, all of them and those not in A.
        int all = tokensB.Count - 1, unique = -1;
        foreach (var t in tokensB)
        {
            all += t.Length;
            if (!tokensA.Contains(t))
            {
                unique += t.Length + 1;
            }
        }
        return 1 - (double)Math.Max(unique, 0) / all;
    }

    // The whitespace-separated words of s, lower-cased, with only their letters and digits; empty ones dropped.
    private static List<string> Words(string s)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Sums text, link text and tag counts bottom-up over [from, to]. With <paramref name="clean"/>,
    /// each block is judged once its children are final (Readability's clean-conditionally), and dropped
    /// blocks add nothing to their parents.</summary>
    private void Aggregate(int from, int to, bool clean, Filters filters)
    {
        var page = _page;
        var stats = _stats;
        if (clean)
        {
            for (int i = from; i <= to; i++)
            {
                stats[i] = default;
            }
        }
        for (int i = to; i >= from; i--)
        {
            Tick();
            if (_dead[i])
            {
                continue;
            }
            var tag = page.Tags[i];
            int parent = page.Parent[i];
            bool hasParent = i != from && parent >= from;
            if (tag == Tag.Text)
            {
                if (hasParent)
                {
                    int length = page.TextLength[i];
                    ref var p = ref stats[parent];
                    p.Text += length;
                    p.Commas += page.Commas[i];
                    p.Inline += length;
                    p.InlineCommas += page.Commas[i];
                }
                continue;
            }
            if (_removed[i])
            {
                // Dropped, but form fields and embeds still tell what kind of block the parent is.
                if (hasParent)
                {
                    if (tag == Tag.Input) stats[parent].Inputs++;
                    else if (tag is Tag.Iframe or Tag.Object or Tag.Embed) stats[parent].Embeds++;
                }
                continue;
            }
            ref var s = ref stats[i];
            if (clean && i != from && ShouldClean(i, ref s, filters))
            {
                _removed[i] = true;
                continue;
            }
            if (page.Flags[i].HasFlag(NodeFlags.BreakChain))
            {
                s.HasBlockChild = true; // its runs become paragraphs
            }
            if (!hasParent)
            {
                continue;
            }
            ref var ps = ref stats[parent];
            ps.Text += s.Text;
            ps.Commas += s.Commas;
            ps.Links += tag == Tag.A ? s.Text * (page.Flags[i].HasFlag(NodeFlags.HashLink) ? 0.3f : 1f) : s.Links;
            ps.Headings += TagNames.IsHeading(tag) ? s.Text : s.Headings;
            ps.Textish += TagNames.IsTextish(tag) ? s.Text : s.Textish;
            ps.Lists += tag is Tag.Ul or Tag.Ol ? s.Text : s.Lists;
            ps.Paragraphs += (short)(s.Paragraphs + (tag == Tag.P ? 1 : 0));
            ps.Images += (short)(s.Images + (tag == Tag.Img ? 1 : 0));
            ps.ListItems += (short)(s.ListItems + (tag == Tag.Li ? 1 : 0));
            ps.Inputs += (short)(s.Inputs + (tag == Tag.Input ? 1 : 0));
            ps.Embeds += s.Embeds;
            ps.HasDataTable |= s.HasDataTable || (tag == Tag.Table && page.IsDataTable(i));
            ps.HasBlockChild |= s.HasBlockChild || TagNames.IsBlockForDiv(tag); // at any depth, as Readability checks
            if (TagNames.IsPhrasing(tag))
            {
                ps.Inline += s.Text;
                ps.InlineCommas += s.Commas;
            }
            ps.MostGrandchildren = Math.Max(ps.MostGrandchildren, s.ChildElements);
            ps.OnlyChild = ps.ChildElements == 0 ? i : -1;
            ps.ChildElements++;
        }
    }

    /// <summary>Readability's clean-conditionally and its companions, judged on final counts.</summary>
    private bool ShouldClean(int i, ref Stats s, Filters filters)
    {
        var page = _page;
        var tag = page.Tags[i];
        var flags = page.Flags[i];
        int weight = filters.HasFlag(Filters.WeightClasses) ? page.ClassWeight[i] : 0;

        // <div class="share-buttons">Share on …</div>, <div class="newsletter-signup">Get our daily email…</div>
        if (flags.HasFlag(NodeFlags.WidgetClass) && s.Text < WidgetMaxChars)
        {
            return true;
        }
        // <div id="toc"><h2>Contents</h2><ul><li><a href="#history">1 History</a></li>…</ul></div>: a reader skips
        // it however long it is (Readability keeps it).
        if (flags.HasFlag(NodeFlags.Contents) && s.Links >= s.Text * 0.25f) // in-page links weigh 0.3
        {
            return true;
        }
        // <p>Related: <a href="…">Rich are paying more in taxes</a></p>
        if (tag is Tag.P or Tag.Div or Tag.Li && s.Text is > 0 and < ReadAlsoMaxChars && s.Links >= s.Text * 0.5f
            && ReadAlsoLabel().IsMatch(page.Nodes[i].TextContent))
        {
            return true;
        }
        // <h2 class="related-heading">More stories</h2>
        if (tag is Tag.H1 or Tag.H2 && weight < 0)
        {
            return true;
        }
        if (!filters.HasFlag(Filters.CleanConditionally) || tag is not (Tag.Table or Tag.Ul or Tag.Div or Tag.Form or Tag.Fieldset))
        {
            return false;
        }
        if (s.Text is > 0 and < 40 && AdOrLoadingWords().IsMatch(page.Nodes[i].TextContent))
        {
            return true;
        }
        if (IsDivParagraph(i))
        {
            return false;
        }
        if (tag == Tag.Table && page.IsDataTable(i) || s.HasDataTable || flags.HasFlag(NodeFlags.InCode)
            || InsideDataTable(i))
        {
            return false;
        }
        if (weight < 0)
        {
            return true;
        }
        if (s.Commas >= 10)
        {
            return false;
        }
        bool isList = tag is Tag.Ul or Tag.Ol || (s.Text > 0 && (double)s.Lists / s.Text > 0.9);
        bool inFigure = page.Parent[i] >= 0 && page.Flags[page.Parent[i]].HasFlag(NodeFlags.InFigure);
        int p = s.Paragraphs, img = s.Images, li = s.ListItems - 100;
        // Readability judges forms before it strips form fields and embeds, and tables, lists and divs after:
        // only a form counts them (<div class="story">…<iframe src="ad"></iframe><iframe …></div> stays).
        bool form = tag is Tag.Form or Tag.Fieldset;
        int input = form ? s.Inputs : 0, embeds = form ? s.Embeds : 0;
        double headingDensity = s.Text == 0 ? 0 : (double)s.Headings / s.Text;
        double linkDensity = s.Text == 0 ? 0 : s.Links / s.Text;
        double textDensity = s.Text == 0 ? 0 : (double)s.Textish / s.Text;
        int length = s.Text;

        bool remove =
            (!inFigure && img > 1 && (double)p / img < 0.5)
            || (!isList && li > p)
            || (input > p / 3)
            || (!isList && !inFigure && headingDensity < 0.9 && length < 25 && (img == 0 || img > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || (embeds == 1 && length < 75) || embeds > 1
            || (img == 0 && textDensity == 0);
        // A flat list whose items are images or nothing at all (<ul><li><img></li>…</ul>, or <ul> used only to
        // indent a paragraph of text) stays; one with nested structure does not.
        if (remove && isList && s.MostGrandchildren <= 1 && img == s.ListItems)
        {
            return false;
        }
        return remove;
    }

    private bool InsideDataTable(int i)
    {
        for (int p = _page.Parent[i]; p >= 0 && _page.Flags[p].HasFlag(NodeFlags.InTable); p = _page.Parent[p])
        {
            if (_page.Tags[p] == Tag.Table && _page.IsDataTable(p))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Scores paragraphs into their ancestors and picks the article's root(s), in document order.</summary>
    private List<int> SelectArticle(Filters filters)
    {
        var page = _page;
        var stats = _stats;
        var candidates = new List<int>();
        int end = page.End[page.Body];
        for (int i = page.Body + 1; i <= end; i++)
        {
            Tick();
            var tag = page.Tags[i];
            if (tag == Tag.Text)
            {
                continue;
            }
            if (_removed[i])
            {
                i = page.End[i];
                continue;
            }
            ref var s = ref stats[i];
            // <p>, <td>, <pre>, <section>, <h2>…; a <div> with only inline content is a paragraph too.
            bool paragraph = tag is Tag.P or Tag.Td or Tag.Pre or Tag.Section or (>= Tag.H2 and <= Tag.H6) || IsDivParagraph(i);
            if (paragraph)
            {
                ScoreParagraph(page.Parent[i], s.Text, s.Commas, filters, candidates);
            }
            if (s.Inline >= MinParagraphChars && !IsDivParagraph(i)
                && (tag == Tag.Div || page.Flags[i].HasFlag(NodeFlags.BreakChain)))
            {
                ScoreLooseRuns(i, filters, candidates);
            }
        }

        int top = -1;
        var best = new List<int>(TopCandidateCount + 1);
        foreach (var c in candidates)
        {
            stats[c].Score *= (float)(1 - LinkDensity(c));
            float score = stats[c].Score;
            int at = best.FindIndex(b => score > stats[b].Score);
            if (at < 0)
            {
                at = best.Count;
            }
            if (at < TopCandidateCount)
            {
                best.Insert(at, c);
                if (best.Count > TopCandidateCount)
                {
                    best.RemoveAt(TopCandidateCount);
                }
            }
        }
        if (best.Count > 0)
        {
            top = best[0];
        }
        if (top < 0 || top == page.Body)
        {
            return [page.Body];
        }

        top = PreferSharedAncestor(top, best);
        top = ClimbWhileParentScoresHigher(top);
        // <div><div><article>…</article></div></div>: wrappers with a single child add nothing but their siblings.
        for (int parent = page.Parent[top]; parent != page.Body && parent >= 0 && stats[parent].ChildElements == 1;
             parent = page.Parent[top])
        {
            top = parent;
        }
        if (!stats[top].IsCandidate)
        {
            Initialize(top, filters);
        }
        return WithSiblings(top);
    }

    // Loose text beside blocks is a paragraph of its own, each run scored apart, as Readability makes them:
    // <div>Some text <a>link</a> more<p>…</p>Another run</div> wraps each run of a <div> in a <p>, and
    // <td>One<br><br>Two<br><br>Three</td> turns the runs after each <br><br> into <p>s, in any element.
    private void ScoreLooseRuns(int i, Filters filters, List<int> candidates)
    {
        var page = _page;
        bool wrapped = page.Tags[i] == Tag.Div;
        int length = 0, commas = 0;
        bool afterChain = false, lastWasBreak = false;
        for (int c = i + 1; c <= page.End[i]; c = page.End[c] + 1)
        {
            var tag = page.Tags[c];
            if (tag == Tag.Text)
            {
                length += page.TextLength[c];
                commas += page.Commas[c];
                if (page.TextLength[c] > 0)
                {
                    lastWasBreak = false;
                }
                continue;
            }
            if (_removed[c] || _dead[c])
            {
                continue;
            }
            if (tag == Tag.Br)
            {
                if (lastWasBreak)
                {
                    Flush();
                    afterChain = true;
                }
                lastWasBreak = true;
                continue;
            }
            lastWasBreak = false;
            if (TagNames.IsPhrasing(tag))
            {
                length += _stats[c].Text;
                commas += _stats[c].Commas;
                continue;
            }
            Flush();
            afterChain = false;
        }
        Flush();

        void Flush()
        {
            if (wrapped || afterChain)
            {
                ScoreParagraph(i, length, commas, filters, candidates);
            }
            length = commas = 0;
        }
    }

    private void ScoreParagraph(int parent, int length, int commas, Filters filters, List<int> candidates)
    {
        if (length < MinParagraphChars || parent < 0)
        {
            return;
        }
        // One point for the paragraph, plus Readability's split(commas).length: one per comma-separated piece.
        float score = 1 + (commas + 1) + Math.Min(length / 100, 3);
        int level = 0;
        for (int a = parent; a >= 0 && level < ScoredAncestorLevels; a = _page.Parent[a])
        {
            // <div><p>…</p></div> with nothing else: Readability replaces the div by its <p>, so it is not a level.
            if (IsParagraphWrapper(a))
            {
                continue;
            }
            if (_page.Parent[a] < 0)
            {
                break; // <html> is never a candidate
            }
            ref var s = ref _stats[a];
            if (!s.IsCandidate)
            {
                Initialize(a, filters);
                candidates.Add(a);
            }
            s.Score += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
            level++;
        }
    }

    // <div>Only inline content, at any depth</div>: Readability turns it into a <p>, so it is scored, kept and
    // joined as one — unless links make up a quarter of it: then its text is wrapped in a <p> and the <div>
    // stays, to be judged like any other block (<div class="hatnote">See also <a>…</a></div>). Decided on the
    // page as found, before cleaning empties a block: a related-links box stripped down to its heading is
    // still a box, not a paragraph.
    private void MarkParagraphDivs()
    {
        int end = _page.End[_page.Body];
        for (int i = _page.Body; i <= end; i++)
        {
            ref var s = ref _stats[i];
            _paragraphDivs[i] = _page.Tags[i] == Tag.Div && !_dead[i] && !s.HasBlockChild
                && (s.Inline == 0 || LinkDensity(i) < 0.25);
        }
    }

    private bool IsDivParagraph(int i) => _paragraphDivs[i];

    private bool IsParagraphWrapper(int i)
    {
        ref var s = ref _stats[i];
        return _page.Tags[i] == Tag.Div && s.ChildElements == 1 && s.OnlyChild >= 0 && _page.Tags[s.OnlyChild] == Tag.P
            && s.Inline == 0 && LinkDensity(i) < 0.25;
    }

    private void Initialize(int i, Filters filters)
    {
        ref var s = ref _stats[i];
        s.IsCandidate = true;
        s.Score = _page.Tags[i] switch
        {
            Tag.Div => 5,
            Tag.Pre or Tag.Td or Tag.Blockquote => 3,
            Tag.Address or Tag.Ol or Tag.Ul or Tag.Dl or Tag.Dd or Tag.Dt or Tag.Li or Tag.Form => -3,
            (>= Tag.H1 and <= Tag.H6) or Tag.Th => -5,
            _ => 0,
        } + (filters.HasFlag(Filters.WeightClasses) ? _page.ClassWeight[i] : 0);
    }

    private double LinkDensity(int i) => _stats[i].Text == 0 ? 0 : _stats[i].Links / _stats[i].Text;

    // Three or more strong candidates under one ancestor: the article is split into blocks
    // (<section>…</section><div class="ad"/><section>…</section>), so take the ancestor holding them all.
    private int PreferSharedAncestor(int top, List<int> best)
    {
        var page = _page;
        var alternatives = best.Skip(1).Where(c => _stats[c].Score / _stats[top].Score >= AlternativeScoreRatio).ToList();
        if (alternatives.Count < MinAlternativeCandidates)
        {
            return top;
        }
        for (int ancestor = page.Parent[top]; ancestor >= 0 && ancestor != page.Body; ancestor = page.Parent[ancestor])
        {
            int containing = alternatives.Count(c => c > ancestor && c <= page.End[ancestor]);
            if (containing >= MinAlternativeCandidates)
            {
                return ancestor;
            }
        }
        return top;
    }

    // A parent scoring higher than the candidate holds more of the article (the paragraphs were split
    // between two children); stop once scores fall below a third of the candidate's.
    private int ClimbWhileParentScoresHigher(int top)
    {
        var page = _page;
        float lastScore = _stats[top].Score;
        float threshold = lastScore / 3;
        for (int parent = page.Parent[top]; parent >= 0 && parent != page.Body; parent = page.Parent[parent])
        {
            if (!_stats[parent].IsCandidate)
            {
                continue;
            }
            float score = _stats[parent].Score;
            if (score < threshold)
            {
                break;
            }
            if (score > lastScore)
            {
                return parent;
            }
            lastScore = score;
        }
        return top;
    }

    // Siblings join the article when they score well, share the candidate's class, or read like prose:
    // <div class="story-body">…</div><p>One more paragraph outside the wrapper.</p>
    private List<int> WithSiblings(int top)
    {
        var page = _page;
        int parent = page.Parent[top];
        float threshold = Math.Max(10, _stats[top].Score * 0.2f);
        var topClass = page.AttributeOf(top, "class");
        var roots = new List<int>();
        for (int c = parent + 1; c <= page.End[parent]; c = page.End[c] + 1)
        {
            if (page.Tags[c] == Tag.Text || _removed[c])
            {
                continue;
            }
            if (c == top)
            {
                roots.Add(c);
                continue;
            }
            ref var s = ref _stats[c];
            float bonus = topClass.Length > 0 && page.AttributeOf(c, "class") == topClass ? _stats[top].Score * 0.2f : 0;
            if (s.IsCandidate && s.Score + bonus >= threshold)
            {
                roots.Add(c);
            }
            else if (page.Tags[c] == Tag.P || IsParagraphWrapper(c) || IsDivParagraph(c))
            {
                double linkDensity = LinkDensity(c);
                if (s.Text > 80 && linkDensity < 0.25)
                {
                    roots.Add(c);
                }
                else if (s.Text is > 0 and <= 80 && linkDensity == 0 && SentenceEnd().IsMatch(page.Nodes[c].TextContent))
                {
                    roots.Add(c);
                }
            }
        }
        return roots;
    }

    private ExtractedContent Render(List<int> roots)
    {
        var page = _page;
        var text = new PlainTextBuilder();
        var open = new Stack<int>();
        int firstParagraph = -1, paragraphStart = 0, paragraphEnd = -1, leadImage = -1, chars = 0;
        float links = 0;
        foreach (var root in roots)
        {
            chars += _stats[root].Text;
            links += _stats[root].Links;
            int end = page.End[root];
            for (int i = root; i <= end; i++)
            {
                Tick();
                while (open.Count > 0 && page.End[open.Peek()] < i)
                {
                    CloseElement(open.Pop());
                }
                var tag = page.Tags[i];
                if (tag == Tag.Text)
                {
                    text.Append(page.Nodes[i].TextContent, page.Flags[i].HasFlag(NodeFlags.InPre));
                    continue;
                }
                if (_removed[i] || IsCaptionOrDateLine(i))
                {
                    i = page.End[i];
                    continue;
                }
                // The excerpt's fallback: the first <p>, or <div> holding only inline content, that has text.
                if (firstParagraph < 0 && _stats[i].Text > 0
                    && (tag == Tag.P || tag == Tag.Div && !_stats[i].HasBlockChild && _stats[i].Text <= MaxExcerptChars))
                {
                    firstParagraph = i;
                    paragraphStart = text.Length;
                }
                else if (tag == Tag.Img && leadImage < 0)
                {
                    leadImage = i;
                }
                text.Open(tag);
                if (page.End[i] > i)
                {
                    open.Push(i);
                }
                else
                {
                    CloseElement(i);
                }
            }
            while (open.Count > 0)
            {
                CloseElement(open.Pop());
            }
            text.Open(Tag.Div);
        }
        return new ExtractedContent(
            WithoutTrailingNotes(text.ToString()),
            chars,
            chars == 0 ? 0 : links / chars,
            roots,
            paragraphEnd > paragraphStart ? text.Slice(paragraphStart, paragraphEnd) : null,
            leadImage >= 0 ? page.Nodes[leadImage] as IElement : null);

        void CloseElement(int i)
        {
            if (i == firstParagraph)
            {
                paragraphEnd = text.Length;
            }
            text.Close(page.Tags[i]);
        }
    }

    // <figcaption>Workers remove a sign in 1991. Photo: Ana Ruiz</figcaption>: a reader of the article skips it,
    // and people who mark up articles by hand leave it out (Readability keeps it). Left out of the text only:
    // while blocks are judged it still counts, as it does for Readability, so the block around an image and
    // its caption is not emptied into looking like chrome.
    // The same for a short date line ("2/26/2015 7:11 AM PST BY TMZ STAFF") inside the article.
    private bool IsCaptionOrDateLine(int i)
    {
        var flags = _page.Flags[i];
        ref var s = ref _stats[i];
        if (flags.HasFlag(NodeFlags.Caption))
        {
            return s.Text < MaxCaptionChars && s.Paragraphs <= 1;
        }
        // Only whole lines: "on <span class="date">June 3</span> the council…" is part of a sentence.
        return flags.HasFlag(NodeFlags.DateLine) && !TagNames.IsPhrasing(_page.Tags[i]) && s.Text is > 0 and < MaxDateLineChars
            && _page.Nodes[i].TextContent.Any(char.IsAsciiDigit);
    }

    private static string WithoutTrailingNotes(string text)
    {
        int end = text.Length;
        for (int n = 0; n < MaxTrailingNotes; n++)
        {
            int start = text.LastIndexOf("\n\n", Math.Max(0, end - 1), StringComparison.Ordinal);
            if (start < 0)
            {
                break; // never the only paragraph
            }
            var last = text.AsSpan(start + 2, end - start - 2);
            // Notes are not reported speech: "Maria Lopez is a reporter for the radio, and she said…" is the story.
            if (last.Length > MaxTrailingNoteChars || !TrailingNote().IsMatch(last) || ReportedSpeech().IsMatch(last))
            {
                break;
            }
            end = start;
        }
        return end == text.Length ? text : text[..end];
    }

    private void Tick()
    {
        if ((++_steps & 1023) == 0)
        {
            _ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Plain text with paragraphs separated by a blank line and list items, table rows and
    /// &lt;br&gt; on their own lines; whitespace collapsed except inside &lt;pre&gt;.</summary>
    private sealed class PlainTextBuilder
    {
        private enum Gap { None, Space, Line, Paragraph }

        // Every character char.IsWhiteSpace accepts, for vectorised searches.
        private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(
            Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray());

        private readonly StringBuilder _text = new();
        private Gap _pending = Gap.None;

        public void Open(Tag tag)
        {
            if (TagNames.IsParagraphBlock(tag)) Want(Gap.Paragraph);
            else if (TagNames.IsLineBlock(tag)) Want(Gap.Line);
            else if (tag is Tag.Td or Tag.Th) Want(Gap.Space);
        }

        public void Close(Tag tag)
        {
            if (TagNames.IsParagraphBlock(tag)) Want(Gap.Paragraph);
            else if (tag is Tag.Li or Tag.Tr or Tag.Dt or Tag.Dd) Want(Gap.Line);
            else if (tag is Tag.Td or Tag.Th) Want(Gap.Space);
        }

        // Runs of text are appended whole: char by char, with a Flush() per character, this was a tenth of the
        // time on short pages. Same output: within a run nothing is pending after its first Flush().
        public void Append(string value, bool preformatted)
        {
            var rest = value.AsSpan();
            if (preformatted)
            {
                // Kept as written, but "\r" dropped and each "\n" a line of its own.
                while (!rest.IsEmpty)
                {
                    int stop = rest.IndexOfAny('\r', '\n');
                    var run = stop < 0 ? rest : rest[..stop];
                    if (!run.IsEmpty)
                    {
                        Flush();
                        _text.Append(run);
                    }
                    if (stop < 0)
                    {
                        break;
                    }
                    if (rest[stop] == '\n')
                    {
                        Flush();
                        _text.Append('\n');
                    }
                    rest = rest[(stop + 1)..];
                }
                return;
            }
            while (!rest.IsEmpty)
            {
                int word = rest.IndexOfAnyExcept(WhiteSpace);
                if (word != 0)
                {
                    Want(Gap.Space);
                    if (word < 0)
                    {
                        break;
                    }
                    rest = rest[word..];
                }
                int end = rest.IndexOfAny(WhiteSpace);
                Flush();
                _text.Append(end < 0 ? rest : rest[..end]);
                rest = end < 0 ? default : rest[end..];
            }
        }

        private void Want(Gap gap)
        {
            if (gap > _pending)
            {
                _pending = gap;
            }
        }

        private void Flush()
        {
            if (_text.Length > 0)
            {
                switch (_pending)
                {
                    case Gap.Space when _text[^1] != '\n':
                        _text.Append(' ');
                        break;
                    case Gap.Line:
                        TrimEndSpaces();
                        _text.Append('\n');
                        break;
                    case Gap.Paragraph:
                        TrimEndSpaces();
                        _text.Append(_text[^1] == '\n' ? "\n" : "\n\n");
                        break;
                }
            }
            _pending = Gap.None;
        }

        private void TrimEndSpaces()
        {
            while (_text.Length > 0 && _text[^1] == ' ')
            {
                _text.Length--;
            }
        }

        public int Length => _text.Length;

        public string Slice(int from, int to) => _text.ToString(from, to - from).Trim();

        public override string ToString() => _text.ToString().TrimEnd();
    }
}

/// <summary>What the extractor found: the body text and the facts that decide whether it is an article.</summary>
internal sealed record ExtractedContent(
    string Text,
    int TextChars,
    double LinkDensity,
    IReadOnlyList<int> Roots,
    string? FirstParagraph,
    IElement? LeadImage)
{
    public static readonly ExtractedContent Empty = new("", 0, 0, [], null, null);
}
