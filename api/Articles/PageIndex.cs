using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ContentHelper.Api.Articles;

/// <summary>
/// The page flattened once, in document order, into arrays that the extractor reads instead of the DOM:
/// every element and text node gets an index, its parent's index and the index of its last descendant, so a
/// subtree is the contiguous range <c>[i, End[i]]</c> and "children before parents" is a reverse loop.
/// Building it is the only walk over AngleSharp's tree; it never changes the document.
/// It also collects what the metadata reader needs (metas, JSON-LD, title, links, microdata) on the way.
/// </summary>
internal sealed partial class PageIndex : IDisposable
{
    // Class/id patterns from Readability (Apache-2.0), kept as-is because they encode a decade of fixes.
    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnlikelyCandidate();

    [GeneratedRegex("and|article|body|column|content|main|mathjax|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PositiveHint();

    [GeneratedRegex(@"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeHint();

    [GeneratedRegex("byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BylineHint();

    // Blocks that come with an article but are not of it: share buttons, newsletter sign-ups, calls to action,
    // the author's bio box.
    [GeneratedRegex(@"share|sharedaddy|newsletter|signup|sign-up|(?<![a-z])(bio|cta)(?![a-z])|about-?the-?author|author-?info",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WidgetHint();

    // "wp-caption-text", "media-caption", "photo-credit", "image__credit", "figure-caption"… but not the
    // "no_caption" or "has-caption" that describe the block around the image.
    [GeneratedRegex("(?<!(?:no|has|with)[-_]?)(?:caption|credit)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionHint();

    // "toc", "vector-toc", "table-of-contents" (not "toclevel-1", a row inside one).
    [GeneratedRegex("(?<![a-z])toc(?![a-z])|table-?of-?contents", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentsHint();

    // "article-posted-date", "storytimestamp", "dateline", "pubdate"…
    [GeneratedRegex("dateline|timestamp|pubdate|published|posted|(?<![a-z])date(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateHint();

    internal static IEnumerable<Regex> HintPatterns =>
        [UnlikelyCandidate(), MaybeCandidate(), PositiveHint(), NegativeHint(), BylineHint(), WidgetHint(), CaptionHint(), ContentsHint(), DateHint()];

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    /// <summary>Every attribute the articles code reads (here, in <see cref="MetadataReader"/> and in
    /// <see cref="ContentExtractor"/>), and those AngleSharp's tree building looks at (input type, font
    /// color/face/size, annotation-xml encoding); the parser keeps no other. A new attribute read elsewhere must be
    /// added here, or it reads as absent.</summary>
    internal static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadAttributes = FrozenSet.Create(
        StringComparer.Ordinal,
        "class", "id", "rel", "itemprop", "href", "type", "hidden", "style", "aria-hidden", "role", "lang", "xml:lang",
        "content", "name", "property", "http-equiv", "datetime", "summary", "datatable", "colspan", "src", "data-src",
        "data-lazy-src", "data-original", "encoding", "color", "face", "size").GetAlternateLookup<ReadOnlySpan<char>>();

    // ARIA roles of page chrome: <div role="navigation">…</div>
    private static readonly HashSet<string> UnlikelyRoles =
        ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];

    private const int CancellationCheckInterval = 4096;

    private const int InitialCapacity = 1024;

    // Rented, not allocated: on a 1 MB page these arrays are large-object-heap sized, and allocating them per
    // parse provokes gen-2 collections over AngleSharp's whole DOM. Returned in Dispose.
    public INode[] Nodes = ArrayPool<INode>.Shared.Rent(InitialCapacity);
    public int[] Parent = ArrayPool<int>.Shared.Rent(InitialCapacity);
    public int[] End = ArrayPool<int>.Shared.Rent(InitialCapacity);
    public Tag[] Tags = ArrayPool<Tag>.Shared.Rent(InitialCapacity);
    public NodeFlags[] Flags = ArrayPool<NodeFlags>.Shared.Rent(InitialCapacity);
    public short[] ClassWeight = ArrayPool<short>.Shared.Rent(InitialCapacity);
    /// <summary>Text nodes: length with whitespace runs collapsed to one character, and comma count.</summary>
    public int[] TextLength = ArrayPool<int>.Shared.Rent(InitialCapacity);
    public int[] Commas = ArrayPool<int>.Shared.Rent(InitialCapacity);
    public int Count;

    public int Body = -1;
    public bool IsFrameset;
    public string? DocumentTitle;
    public string? HtmlLang;
    public string? CanonicalHref;
    /// <summary>The first &lt;base href&gt;, as written.</summary>
    public string? BaseHref;
    public readonly List<(string Key, string Value)> Metas = [];
    public readonly List<string> JsonLd = [];
    /// <summary>First element carrying each itemprop we read (author, datePublished, headline, …).</summary>
    public readonly Dictionary<string, int> ItemProps = new(StringComparer.OrdinalIgnoreCase);
    public readonly List<int> H1s = [];
    public readonly List<int> H2s = [];
    /// <summary>Some element has an unlikely-looking class, id or role, or a class weight: the extractor's
    /// filters for them have something to act on.</summary>
    public bool HasUnlikely, HasClassWeights;
    public int FirstTimeElement = -1;
    public int FirstRelAuthor = -1;
    public int PasswordInputs;

    /// <summary>Per data table (index of &lt;table&gt;): whether Readability's "is this a data table" test holds.</summary>
    private readonly Dictionary<int, TableShape> _tables = [];

    public static PageIndex Build(IDocument document, CancellationToken ct)
    {
        var index = new PageIndex();
        try
        {
            if (document.DocumentElement is { } root)
            {
                index.Walk(root, ct);
            }
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public bool IsDataTable(int i) => _tables.TryGetValue(i, out var t) && t.IsData;

    public string AttributeOf(int i, string name) => (Nodes[i] as IElement)?.GetAttribute(name) ?? "";

    private void Walk(IElement root, CancellationToken ct)
    {
        var hintCache = new Dictionary<(string, string), (NodeFlags Flags, short Weight)>();
        // Explicit stack: the DOM can be thousands of levels deep and must not overflow the thread's stack.
        // ChildNodes by index, because AngleSharp's NextSibling scans the parent's list (quadratic on wide pages).
        // AfterBreak: the owner's last child that was not blank text is a <br>, so another makes a <br><br> chain.
        var stack = new Stack<(INodeList Children, int Next, int Owner, bool AfterBreak)>();
        Add(root, -1, hintCache);
        stack.Push((root.ChildNodes, 0, 0, false));
        while (stack.Count > 0)
        {
            var (children, next, owner, afterBreak) = stack.Pop();
            if (next >= children.Length)
            {
                End[owner] = Count - 1;
                continue;
            }
            var node = children[next];
            if (node.NodeType is not (NodeType.Element or NodeType.Text))
            {
                stack.Push((children, next + 1, owner, afterBreak));
                continue;
            }
            if ((Count & (CancellationCheckInterval - 1)) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            int i = Add(node, owner, hintCache);
            bool isBreak = Tags[i] == Tag.Br;
            if (isBreak && afterBreak)
            {
                Flags[owner] |= NodeFlags.BreakChain;
            }
            stack.Push((children, next + 1, owner, isBreak || (afterBreak && Tags[i] == Tag.Text && TextLength[i] == 0)));
            // Script bodies (often 100 KB of JSON), styles and SVG paths hold no article text: not indexed.
            if (node.NodeType == NodeType.Element && node.HasChildNodes && !TagNames.IsOpaque(Tags[i]))
            {
                stack.Push((node.ChildNodes, 0, i, false));
            }
        }
        foreach (var shape in _tables.Values)
        {
            shape.Decide();
        }
    }

    private int Add(INode node, int parent, Dictionary<(string, string), (NodeFlags Flags, short Weight)> hintCache)
    {
        if (Count == Nodes.Length)
        {
            Grow();
        }
        int i = Count++;
        Nodes[i] = node;
        Parent[i] = parent;
        End[i] = i;
        ClassWeight[i] = 0;
        TextLength[i] = 0;
        Commas[i] = 0;
        var inherited = parent >= 0 ? Flags[parent] & NodeFlags.Inherited : NodeFlags.None;
        if (node is not IElement element)
        {
            Tags[i] = Tag.Text;
            Flags[i] = inherited;
            MeasureText(i, node.TextContent, inherited.HasFlag(NodeFlags.InPre));
            return i;
        }

        var tag = TagNames.Of(element.LocalName);
        Tags[i] = tag;
        var flags = inherited;
        // One pass over the attributes (usually 0–3) instead of a GetAttribute lookup per question.
        string className = "", id = "";
        string? rel = null, itemprop = null, href = null, type = null;
        var attributes = element.Attributes;
        for (int a = 0; a < attributes.Length; a++)
        {
            var attribute = attributes[a]!;
            switch (attribute.Name)
            {
                case "class": className = attribute.Value; break;
                case "id": id = attribute.Value; break;
                case "rel": rel = attribute.Value; break;
                case "itemprop": itemprop = attribute.Value; break;
                case "href": href = attribute.Value; break;
                case "type": type = attribute.Value; break;
                case "hidden":
                    flags |= NodeFlags.Hidden;
                    break;
                case "style" when HiddenStyle().IsMatch(attribute.Value):
                    flags |= NodeFlags.Hidden;
                    break;
                case "aria-hidden" when string.Equals(attribute.Value, "true", StringComparison.OrdinalIgnoreCase):
                    flags |= NodeFlags.AriaHidden;
                    break;
                case "role" when UnlikelyRoles.Contains(attribute.Value):
                    flags |= NodeFlags.UnlikelyRole;
                    break;
                case "lang" or "xml:lang" when tag == Tag.Html:
                    HtmlLang ??= attribute.Value;
                    break;
            }
        }
        if (className.Length > 0 && HiddenByClass(className))
        {
            flags |= NodeFlags.Hidden;
        }
        // <img aria-hidden="true" class="fallback-image"> is Wikipedia's visible math image (Readability's exception).
        if (flags.HasFlag(NodeFlags.AriaHidden) && !className.Contains("fallback-image", StringComparison.Ordinal))
        {
            flags |= NodeFlags.Hidden;
        }
        switch (tag)
        {
            case Tag.Body when Body < 0:
                Body = i;
                break;
            case Tag.Frameset:
                IsFrameset = true;
                break;
            case Tag.Title when DocumentTitle is null && !flags.HasFlag(NodeFlags.InSvg):
                DocumentTitle = element.TextContent;
                break;
            case Tag.Meta:
                CollectMeta(element);
                break;
            case Tag.Base when BaseHref is null && href is not null:
                BaseHref = href;
                break;
            case Tag.Link when rel is not null:
                CollectLink(rel, href);
                break;
            case Tag.Script:
                if (type is not null && type.Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                {
                    JsonLd.Add(element.TextContent);
                }
                break;
            case Tag.H1:
                H1s.Add(i);
                break;
            case Tag.H2:
                H2s.Add(i);
                break;
            case Tag.Time when FirstTimeElement < 0 && element.HasAttribute("datetime"):
                FirstTimeElement = i;
                break;
            case Tag.Input when string.Equals(type, "password", StringComparison.OrdinalIgnoreCase):
                PasswordInputs++;
                break;
            case Tag.A:
                if (href is not null && href.StartsWith('#'))
                {
                    flags |= NodeFlags.HashLink;
                }
                if (FirstRelAuthor < 0 && string.Equals(rel, "author", StringComparison.OrdinalIgnoreCase))
                {
                    FirstRelAuthor = i;
                }
                break;
            case Tag.Table:
                _tables[i] = new TableShape(element);
                if (parent >= 0 && NearestTable(parent) is int outer and >= 0)
                {
                    _tables[outer].HasNestedTable = true;
                }
                break;
            case Tag.Tr:
                if (NearestTable(parent) is int owner and >= 0)
                {
                    _tables[owner].Rows++;
                    _tables[owner].CurrentRowCells = 0;
                }
                break;
            case Tag.Td or Tag.Th:
                if (NearestTable(parent) is int cellTable and >= 0)
                {
                    var shape = _tables[cellTable];
                    shape.HasDataMarkers |= tag == Tag.Th;
                    shape.CurrentRowCells += int.TryParse(element.GetAttribute("colspan"), out var span) && span is > 0 and < 1000 ? span : 1;
                    shape.Columns = Math.Max(shape.Columns, shape.CurrentRowCells);
                }
                break;
            case Tag.Caption or Tag.Thead or Tag.Tfoot or Tag.Col or Tag.Colgroup:
                if (NearestTable(parent) is int marked and >= 0)
                {
                    _tables[marked].HasDataMarkers |= tag != Tag.Caption || element.HasChildNodes;
                }
                break;
        }

        if (TagNames.AlwaysRemoved(tag))
        {
            flags |= NodeFlags.Boilerplate;
        }
        flags |= tag switch
        {
            Tag.Pre => NodeFlags.InPre,
            Tag.Code => NodeFlags.InCode,
            Tag.Table => NodeFlags.InTable,
            Tag.Svg => NodeFlags.InSvg,
            Tag.Figure => NodeFlags.InFigure,
            Tag.Figcaption => NodeFlags.Caption,
            _ => NodeFlags.None,
        };

        if (itemprop is { Length: > 0 })
        {
            foreach (var prop in itemprop.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                ItemProps.TryAdd(prop, i);
            }
            if (itemprop.Contains("author", StringComparison.OrdinalIgnoreCase))
            {
                flags |= NodeFlags.BylineCandidate;
            }
        }
        if (string.Equals(rel, "author", StringComparison.OrdinalIgnoreCase))
        {
            flags |= NodeFlags.BylineCandidate;
        }

        if (className.Length + id.Length > 0)
        {
            var hints = ClassHints(className, id, hintCache);
            flags |= hints.Flags;
            ClassWeight[i] = hints.Weight;
            // Tables and code keep everything: class names there describe layout or syntax, not chrome.
            if (flags.HasFlag(NodeFlags.UnlikelyClass)
                && ((inherited & (NodeFlags.InTable | NodeFlags.InCode)) != 0 || tag is Tag.Body or Tag.A))
            {
                flags &= ~NodeFlags.UnlikelyClass;
            }
        }
        Flags[i] = flags;
        HasUnlikely |= (flags & (NodeFlags.UnlikelyClass | NodeFlags.UnlikelyRole)) != 0;
        HasClassWeights |= ClassWeight[i] != 0;
        return i;
    }

    private static (NodeFlags Flags, short Weight) ClassHints(string className, string id,
        Dictionary<(string, string), (NodeFlags Flags, short Weight)> cache)
    {
        if (!cache.TryGetValue((className, id), out var hints))
        {
            cache[(className, id)] = hints = ClassHints(className, id);
        }
        return hints;
    }

    /// <summary>What the class/id patterns say of an element. ASCII class names and ids (nearly all) are read by
    /// <see cref="ClassHintScan"/>, in one pass instead of nine pattern matches; others by the patterns.</summary>
    internal static (NodeFlags Flags, short Weight) ClassHints(string className, string id) =>
        className.Length + id.Length <= ClassHintScan.MaxLength && Ascii.IsValid(className) && Ascii.IsValid(id)
            ? FromHints(ClassHintScan.Scan(className), ClassHintScan.Scan(id))
            : ClassHintsByPatterns(className, id);

    private static (NodeFlags Flags, short Weight) FromHints(ClassHintScan.Hint inClass, ClassHintScan.Hint inId)
    {
        var all = inClass | inId;
        var flags = NodeFlags.None;
        if (all.HasFlag(ClassHintScan.Hint.Unlikely) && !all.HasFlag(ClassHintScan.Hint.Maybe)) flags |= NodeFlags.UnlikelyClass;
        if (all.HasFlag(ClassHintScan.Hint.Byline)) flags |= NodeFlags.BylineCandidate;
        if (all.HasFlag(ClassHintScan.Hint.Widget)) flags |= NodeFlags.WidgetClass;
        if (all.HasFlag(ClassHintScan.Hint.Caption)) flags |= NodeFlags.Caption;
        if (all.HasFlag(ClassHintScan.Hint.Date)) flags |= NodeFlags.DateLine;
        if (all.HasFlag(ClassHintScan.Hint.Contents)) flags |= NodeFlags.Contents;
        short weight = 0;
        foreach (var part in (ReadOnlySpan<ClassHintScan.Hint>)[inClass, inId])
        {
            if (part.HasFlag(ClassHintScan.Hint.Negative)) weight -= 25;
            if (part.HasFlag(ClassHintScan.Hint.Positive)) weight += 25;
        }
        return (flags, weight);
    }

    /// <summary>The patterns themselves: the definition <see cref="ClassHintScan"/> must agree with (a test
    /// compares the two), and the reading of non-ASCII names, whose case rules the scan does not know.</summary>
    internal static (NodeFlags Flags, short Weight) ClassHintsByPatterns(string className, string id)
    {
        var key = className + " " + id;
        var flags = NodeFlags.None;
        if (UnlikelyCandidate().IsMatch(key) && !MaybeCandidate().IsMatch(key))
        {
            flags |= NodeFlags.UnlikelyClass;
        }
        if (BylineHint().IsMatch(key))
        {
            flags |= NodeFlags.BylineCandidate;
        }
        if (WidgetHint().IsMatch(key))
        {
            flags |= NodeFlags.WidgetClass;
        }
        if (CaptionHint().IsMatch(key))
        {
            flags |= NodeFlags.Caption;
        }
        if (DateHint().IsMatch(key))
        {
            flags |= NodeFlags.DateLine;
        }
        if (ContentsHint().IsMatch(key))
        {
            flags |= NodeFlags.Contents;
        }
        short weight = 0;
        // Readability weighs class and id separately: ±25 each.
        foreach (var part in (ReadOnlySpan<string>)[className, id])
        {
            if (part.Length == 0)
            {
                continue;
            }
            if (NegativeHint().IsMatch(part))
            {
                weight -= 25;
            }
            if (PositiveHint().IsMatch(part))
            {
                weight += 25;
            }
        }
        return (flags, weight);
    }

    // <div class="cookie_notice hidden">, <p class="d-none">: CSS frameworks' display:none. Not when a
    // responsive variant shows it on wider screens: class="hidden md:block", class="d-none d-lg-block".
    private static bool HiddenByClass(string className)
    {
        // Most class lists mention neither; skip splitting them.
        if (!className.Contains("hid", StringComparison.Ordinal) && !className.Contains("d-none", StringComparison.Ordinal))
        {
            return false;
        }
        bool hidden = false;
        foreach (var token in className.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token is "hidden" or "d-none" or "is-hidden" or "hide")
            {
                hidden = true;
            }
            else if (token.Contains(':') || (token.StartsWith("d-", StringComparison.Ordinal) && token.EndsWith("block", StringComparison.Ordinal))
                     || token.StartsWith("visible", StringComparison.Ordinal))
            {
                return false;
            }
        }
        return hidden;
    }

    private void MeasureText(int i, string text, bool preformatted)
    {
        int length = 0, commas = 0;
        bool inSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) && !preformatted)
            {
                if (!inSpace)
                {
                    length++;
                    inSpace = true;
                }
                continue;
            }
            inSpace = false;
            length++;
            // Readability's comma set: , ، ﹐ ︐ ︑ ⹁ ⸴ ⸲ ，
            if (c is ',' or '\u060C' or '\uFE50' or '\uFE10' or '\uFE11' or '\u2E41' or '\u2E34' or '\u2E32' or '\uFF0C')
            {
                commas++;
            }
        }
        // Whitespace between tags is layout, not text.
        TextLength[i] = length == 1 && inSpace ? 0 : length;
        Commas[i] = commas;
    }

    private void CollectMeta(IElement element)
    {
        var content = element.GetAttribute("content");
        if (string.IsNullOrWhiteSpace(content))
        {
            return;
        }
        // <meta property="og:title twitter:title" content="…"> names several keys at once.
        foreach (var attribute in (ReadOnlySpan<string>)["property", "name", "itemprop", "http-equiv"])
        {
            if (element.GetAttribute(attribute) is { Length: > 0 } keys)
            {
                foreach (var key in keys.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    Metas.Add((MetaKey(key), content.Trim()));
                }
            }
        }
    }

    // Dublin Core is written "DC.Title", "dc:title", "DCTERMS.creator": one spelling, "dc:title", for the reader.
    private static string MetaKey(string key)
    {
        key = key.ToLowerInvariant();
        foreach (var prefix in (ReadOnlySpan<string>)["dcterms", "dcterm", "dc"])
        {
            if (key.Length > prefix.Length + 1 && key.StartsWith(prefix, StringComparison.Ordinal)
                && key[prefix.Length] is '.' or '-')
            {
                return (prefix == "dc" ? "dc:" : "dcterms:") + key[(prefix.Length + 1)..];
            }
        }
        return key.StartsWith("dcterm:", StringComparison.Ordinal) ? "dcterms:" + key[7..] : key;
    }

    private void CollectLink(string rel, string? href)
    {
        if (CanonicalHref is null && rel.Contains("canonical", StringComparison.OrdinalIgnoreCase))
        {
            CanonicalHref = href;
        }
        else if (rel.Equals("image_src", StringComparison.OrdinalIgnoreCase) && href is { Length: > 0 })
        {
            Metas.Add(("image_src", href));
        }
    }

    private int NearestTable(int i)
    {
        // Table nesting is shallow; walking up a few parents is cheaper than a per-node array.
        for (int p = i; p >= 0; p = Parent[p])
        {
            if (Tags[p] == Tag.Table)
            {
                return p;
            }
            if (!Flags[p].HasFlag(NodeFlags.InTable))
            {
                return -1;
            }
        }
        return -1;
    }

    private void Grow()
    {
        int size = Nodes.Length * 2;
        Resize(ref Nodes, size, clear: true);
        Resize(ref Parent, size);
        Resize(ref End, size);
        Resize(ref Tags, size);
        Resize(ref Flags, size);
        Resize(ref ClassWeight, size);
        Resize(ref TextLength, size);
        Resize(ref Commas, size);
    }

    private void Resize<T>(ref T[] array, int size, bool clear = false)
    {
        var bigger = ArrayPool<T>.Shared.Rent(size);
        Array.Copy(array, bigger, Count);
        ArrayPool<T>.Shared.Return(array, clear);
        array = bigger;
    }

    public void Dispose()
    {
        // Node references must not outlive the parse inside the shared pool.
        Array.Clear(Nodes, 0, Count);
        ArrayPool<INode>.Shared.Return(Nodes);
        ArrayPool<int>.Shared.Return(Parent);
        ArrayPool<int>.Shared.Return(End);
        ArrayPool<Tag>.Shared.Return(Tags);
        ArrayPool<NodeFlags>.Shared.Return(Flags);
        ArrayPool<short>.Shared.Return(ClassWeight);
        ArrayPool<int>.Shared.Return(TextLength);
        ArrayPool<int>.Shared.Return(Commas);
        Nodes = [];
        Count = 0;
    }

    /// <summary>Readability's data-table test: &lt;table summary&gt;, &lt;caption&gt;, &lt;th&gt;/&lt;thead&gt;…
    /// mean data; nested tables mean layout; otherwise size decides (≥ 10 rows, &gt; 4 columns, or &gt; 10 cells).</summary>
    private sealed class TableShape(IElement table)
    {
        public int Rows;
        public int Columns;
        public int CurrentRowCells;
        public bool HasDataMarkers;
        public bool HasNestedTable;
        public bool IsData;

        public void Decide()
        {
            if (string.Equals(table.GetAttribute("role"), "presentation", StringComparison.OrdinalIgnoreCase)
                || table.GetAttribute("datatable") == "0")
            {
                IsData = false;
            }
            else if (table.HasAttribute("summary") || HasDataMarkers)
            {
                IsData = true;
            }
            else if (HasNestedTable || Rows == 1 || Columns == 1)
            {
                IsData = false;
            }
            else
            {
                IsData = Rows >= 10 || Columns > 4 || Rows * Columns > 10;
            }
        }
    }
}

[Flags]
internal enum NodeFlags : uint
{
    None = 0,
    // Inherited by descendants:
    InPre = 1 << 0,
    InCode = 1 << 1,
    InTable = 1 << 2,
    InSvg = 1 << 3,
    InFigure = 1 << 4,
    Inherited = InPre | InCode | InTable | InSvg | InFigure,
    // Own:
    Boilerplate = 1 << 5,
    Hidden = 1 << 6,
    UnlikelyClass = 1 << 7,
    UnlikelyRole = 1 << 8,
    BylineCandidate = 1 << 9,
    WidgetClass = 1 << 10,
    HashLink = 1 << 11,
    AriaHidden = 1 << 12,
    /// <summary>Holds a &lt;br&gt;&lt;br&gt; chain among its children: Readability makes paragraphs of the runs after one.</summary>
    BreakChain = 1 << 13,
    /// <summary>&lt;figcaption&gt;, or a class or id naming a caption or a photo credit.</summary>
    Caption = 1 << 14,
    /// <summary>A class or id naming a date or time stamp: "Posted 2/26/2015 7:11 AM by Staff".</summary>
    DateLine = 1 << 15,
    /// <summary>A class or id naming a table of contents.</summary>
    Contents = 1 << 16,
}
