namespace ContentHelper.Api.Articles;

/// <summary>
/// Estimates how deep a page's elements nest, from the raw HTML, before AngleSharp parses it. AngleSharp's tree
/// builder is quadratic in nesting depth (20,000 nested &lt;div&gt;s take 1.5–3.5 s to parse, and the parse
/// cannot be interrupted), while real pages nest a few dozen levels. One forward scan over the tags:
/// start tags add a level, end tags remove one; void elements, self-closing tags, tags whose end tag is
/// optional (&lt;p&gt;, &lt;li&gt;, &lt;td&gt;…), comments and the insides of script/style are not counted.
/// </summary>
internal static class NestingProbe
{
    private static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        // void elements
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "param", "keygen",
        // end tag optional: often left open, closed implicitly by the parser
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup",
        "caption", "rb", "rt", "rp", "html", "head", "body",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotCountedSpans =
        NotCounted.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "plaintext"];

    /// <summary>True when the estimated depth exceeds <paramref name="limit"/> (the scan stops there).</summary>
    public static bool IsDeeperThan(string html, int limit)
    {
        // Every level is a '<': a page with fewer of them cannot be deeper, and most pages are far from it.
        if (html.AsSpan().Count('<') <= limit)
        {
            return false;
        }
        int depth = 0;
        int at = 0;
        while ((at = html.IndexOf('<', at)) >= 0 && at + 1 < html.Length)
        {
            char next = html[at + 1];
            if (next == '!')
            {
                // <!-- comment --> or <!DOCTYPE …>
                int end = html.AsSpan(at).StartsWith("<!--") ? html.IndexOf("-->", at + 4, StringComparison.Ordinal) : html.IndexOf('>', at);
                if (end < 0)
                {
                    return false;
                }
                at = end + 1;
                continue;
            }
            bool closing = next == '/';
            int nameStart = at + (closing ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }
            if (nameEnd == nameStart)
            {
                at++;
                continue;
            }
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            int close = html.IndexOf('>', nameEnd);
            if (close < 0)
            {
                return false;
            }
            at = close + 1;
            if (!closing && IsRawText(name))
            {
                // Skip to </script> etc.: its text may contain "<div" that is not markup.
                int endTag = html.IndexOf("</" + name.ToString(), at, StringComparison.OrdinalIgnoreCase);
                at = endTag < 0 ? html.Length : endTag;
                continue;
            }
            if (NotCountedSpans.Contains(name) || html[close - 1] == '/')
            {
                continue;
            }
            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > limit)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsRawText(ReadOnlySpan<char> name)
    {
        foreach (var raw in RawText)
        {
            if (name.Equals(raw, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
