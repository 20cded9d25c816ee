using System.Text;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), several cards per file, streamed line by line. No vCard library
/// is available to us, so this reads the subset a contact list needs and ignores the rest (photos, addresses…):
/// <code>
/// BEGIN:VCARD
/// VERSION:3.0
/// FN:José García
/// N:García;José;;;
/// ORG:Northwind\, Inc.;Talent
/// TITLE:Technical Recruiter
/// item1.EMAIL;TYPE=INTERNET,pref:jose@example.com
/// TEL;TYPE=CELL:+34 600 000 000
/// NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Met at =C3=A9vent=
///  s in Madrid          ← folded (RFC 6350 §3.2): a line starting with a space continues the one before
/// CATEGORIES:Friends,Madrid
/// END:VCARD
/// </code>
/// </summary>
public static class VCardReader
{
    sealed record Property(string Name, Dictionary<string, List<string>> Parameters, string Value);

    sealed class Card(int line)
    {
        public int Line { get; } = line;
        public List<Property> Properties { get; } = [];
        public List<string> Warnings { get; } = [];
    }

    public static IEnumerable<ImportRow> Read(TextReader text)
    {
        Card? card = null;
        int? strayLine = null;
        foreach (var (line, raw) in LogicalLines(text))
        {
            if (raw.Length == 0) continue;
            var property = Parse(raw);
            var name = property?.Name;
            if (name == "BEGIN" && property!.Value.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                if (card is not null)
                    yield return new ImportRow { Line = card.Line, Error = "The card has no END:VCARD before the next BEGIN:VCARD." };
                if (strayLine is { } stray)
                {
                    yield return new ImportRow { Line = stray, Error = "Text outside BEGIN:VCARD … END:VCARD was ignored." };
                    strayLine = null;
                }
                card = new Card(line);
                continue;
            }
            if (card is null)
            {
                strayLine ??= line;
                continue;
            }
            if (name == "END" && property!.Value.Trim().Equals("VCARD", StringComparison.OrdinalIgnoreCase))
            {
                yield return ToRow(card);
                card = null;
                continue;
            }
            if (property is null)
                card.Warnings.Add($"Line {line} is not a vCard property (no ':'); it was ignored.");
            else
                card.Properties.Add(property);
        }
        if (card is not null)
            yield return new ImportRow { Line = card.Line, Error = "The card has no END:VCARD; the file ends inside it." };
        if (strayLine is { } last)
            yield return new ImportRow { Line = last, Error = "Text outside BEGIN:VCARD … END:VCARD was ignored." };
    }

    /// <summary>
    /// Physical lines joined into logical ones: a line starting with a space or tab continues the previous one
    /// (RFC 6350 §3.2, minus that one character), and in quoted-printable values (vCard 2.1) a trailing "=" is a
    /// soft line break that joins the next line as it is.
    /// </summary>
    static IEnumerable<(int Line, string Text)> LogicalLines(TextReader text)
    {
        var current = new StringBuilder();
        var head = new HeadScan();
        int start = 0, number = 0;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            number++;
            // The soft break first: its next line is content as it stands, leading space included.
            if (current.Length > 0 && current[^1] == '=' && head.IsQuotedPrintable(current))
            {
                current.Length--;
                current.Append(line);
                continue;
            }
            if (current.Length > 0 && line.Length > 0 && line[0] is ' ' or '\t')
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }
            if (current.Length > 0 || start > 0) yield return (start, current.ToString());
            current.Clear().Append(line);
            head = new HeadScan();
            start = number;
        }
        if (current.Length > 0) yield return (start, current.ToString());
    }

    /// <summary>
    /// Finds the ':' that ends a logical line's name and parameters while the line grows, reading each character
    /// once: a value can run over hundreds of thousands of continued lines, and looking at the whole line again
    /// at every soft break made reading quadratic.
    /// </summary>
    sealed class HeadScan
    {
        int scanned;
        bool quoted;
        bool? quotedPrintable;

        public bool IsQuotedPrintable(StringBuilder line)
        {
            for (; quotedPrintable is null && scanned < line.Length; scanned++)
            {
                var ch = line[scanned];
                if (ch == '"') quoted = !quoted;
                else if (ch == ':' && !quoted)
                    quotedPrintable = scanned > 0 && line.ToString(0, scanned).Contains("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase);
            }
            return quotedPrintable == true;
        }
    }

    /// <summary>Index of the ':' that ends the name and parameters (a quoted parameter value may contain ':'), or -1.</summary>
    static int ValueStart(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ':' && !quoted) return i;
        }
        return -1;
    }

    /// <summary>
    /// "item1.EMAIL;TYPE=INTERNET,pref:ana@example.com" → EMAIL {TYPE: [INTERNET, pref]} "ana@example.com".
    /// vCard 2.1's bare parameters ("TEL;CELL;VOICE:", "NOTE;QUOTED-PRINTABLE:") become TYPE or ENCODING values.
    /// </summary>
    static Property? Parse(string line)
    {
        var colon = ValueStart(line);
        if (colon <= 0) return null;
        var head = line[..colon];
        var parts = SplitParameters(head);
        var name = parts[0];
        var dot = name.LastIndexOf('.');
        if (dot >= 0) name = name[(dot + 1)..]; // Apple's "item1." groups
        var parameters = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            var (key, values) = eq < 0
                ? (part.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase) || part.Equals("BASE64", StringComparison.OrdinalIgnoreCase) ? "ENCODING" : "TYPE", [part])
                : (part[..eq].Trim(), ParameterValues(part[(eq + 1)..]));
            if (!parameters.TryGetValue(key, out var list)) parameters[key] = list = [];
            list.AddRange(values);
        }
        return new Property(name.Trim().ToUpperInvariant(), parameters, line[(colon + 1)..]);
    }

    static List<string> SplitParameters(string head)
    {
        var parts = new List<string>();
        var quoted = false;
        var from = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] == '"') quoted = !quoted;
            else if (head[i] == ';' && !quoted)
            {
                parts.Add(head[from..i]);
                from = i + 1;
            }
        }
        parts.Add(head[from..]);
        return parts;
    }

    /// <summary>TYPE=WORK,pref or TYPE="work,voice"; quoted values use RFC 6868 escapes (^n newline, ^' quote, ^^ caret).</summary>
    static List<string> ParameterValues(string text)
    {
        var values = new List<string>();
        var value = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '"') { quoted = !quoted; continue; }
            if (ch == '^' && i + 1 < text.Length && text[i + 1] is 'n' or 'N' or '\'' or '^')
            {
                value.Append(text[++i] switch { '\'' => '"', '^' => '^', _ => '\n' });
                continue;
            }
            if (ch == ',' && !quoted)
            {
                values.Add(value.ToString().Trim());
                value.Clear();
                continue;
            }
            value.Append(ch);
        }
        values.Add(value.ToString().Trim());
        return values;
    }

    static ImportRow ToRow(Card card)
    {
        var row = new ImportRow { Line = card.Line };
        row.Warnings.AddRange(card.Warnings);
        string? formatted = null, structured = null, title = null, role = null;
        var notes = new List<string>();
        var departments = new List<string>();
        (string Value, int Rank)? email = null, phone = null;
        foreach (var p in card.Properties)
        {
            if (Text(p) is not { } value) continue;
            switch (p.Name)
            {
                case "FN":
                    formatted ??= Clean(Unescape(value));
                    break;
                case "N":
                    // Family;Given;Additional;Prefix;Suffix — shown as "Given Additional Family".
                    var n = SplitEscaped(value, ';').Select(c => Clean(Unescape(c).Replace(',', ' '))).ToList();
                    structured ??= Join(n.ElementAtOrDefault(1), n.ElementAtOrDefault(2), n.ElementAtOrDefault(0));
                    break;
                case "ORG":
                    var org = SplitEscaped(value, ';').Select(c => Clean(Unescape(c))).ToList();
                    row.Company ??= org.FirstOrDefault();
                    departments.AddRange(org.Skip(1).OfType<string>());
                    break;
                case "TITLE":
                    title ??= Clean(Unescape(value));
                    break;
                case "ROLE":
                    role ??= Clean(Unescape(value));
                    break;
                case "EMAIL":
                    Keep(ref email, Clean(Unescape(value)), Rank(p, "INTERNET"));
                    break;
                case "TEL":
                    var number = Clean(Unescape(value));
                    if (number?.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) == true) number = number[4..];
                    Keep(ref phone, number, Rank(p, "CELL"));
                    break;
                case "URL":
                case "X-SOCIALPROFILE":
                    // Only a LinkedIn address has a home on a contact; other sites are left in the file.
                    var url = Clean(Unescape(value));
                    if (row.LinkedInUrl is null && ContactKeys.LinkedIn(url) is not null) row.LinkedInUrl = url;
                    break;
                case "CATEGORIES":
                    row.Tags.AddRange(ImportRow.Labels(SplitEscaped(value, ',').Select(c => Clean(Unescape(c))).OfType<string>()));
                    break;
                case "NOTE":
                    if (Clean(Unescape(value)) is { } note) notes.Add(note);
                    break;
            }
        }
        row.Name = formatted ?? structured;
        row.Headline = title ?? role;
        row.Email = email?.Value;
        row.Phone = phone?.Value;
        row.Notes = notes.Count == 0 ? null : string.Join("\n", notes);
        row.Titles.AddRange([title, role, .. departments]);
        row.Hints.AddRange([title, role, row.Company, .. departments, .. row.Tags, row.Notes]);
        return row;
    }

    /// <summary>Lower is better: a preferred value (TYPE=pref, PREF=1) first, then the kind we like (a mobile), then file order.</summary>
    static int Rank(Property p, string liked)
    {
        var types = p.Parameters.GetValueOrDefault("TYPE") ?? [];
        if (p.Parameters.ContainsKey("PREF") || types.Any(t => t.Equals("pref", StringComparison.OrdinalIgnoreCase))) return 0;
        return types.Any(t => t.Equals(liked, StringComparison.OrdinalIgnoreCase)) ? 1 : 2;
    }

    static void Keep(ref (string Value, int Rank)? best, string? value, int rank)
    {
        if (value is null) return;
        if (best is null || rank < best.Value.Rank) best = (value, rank);
    }

    /// <summary>The value as text: quoted-printable decoded in its CHARSET; null for binary (base64 photos, sounds).</summary>
    static string? Text(Property p)
    {
        var encoding = p.Parameters.GetValueOrDefault("ENCODING")?.LastOrDefault();
        if (encoding is null) return p.Value;
        if (encoding.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase))
            return DecodeQuotedPrintable(p.Value, p.Parameters.GetValueOrDefault("CHARSET")?.LastOrDefault());
        if (encoding.Equals("B", StringComparison.OrdinalIgnoreCase) || encoding.Equals("BASE64", StringComparison.OrdinalIgnoreCase))
            return null;
        return p.Value;
    }

    /// <summary>"Caf=C3=A9" → "Café". Without a CHARSET, UTF-8 if the bytes are valid UTF-8, else Windows-1252.</summary>
    static string DecodeQuotedPrintable(string value, string? charset)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '=' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (value[i] == '=' && i == value.Length - 1)
            {
                // A soft line break left at the very end.
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(value[i].ToString())) bytes.Add(b);
            }
        }
        var array = bytes.ToArray();
        Encoding? named = null;
        if (charset is not null)
        {
            _ = ImportSource.Windows1252; // registers the code-page provider
            try { named = Encoding.GetEncoding(charset); } catch (ArgumentException) { }
        }
        if (named is not null) return named.GetString(array);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(array);
        }
        catch (DecoderFallbackException)
        {
            return ImportSource.Windows1252.GetString(array);
        }
    }

    /// <summary>Splits on <paramref name="separator"/> where it is not escaped with a backslash; escapes are kept for <see cref="Unescape"/>.</summary>
    static List<string> SplitEscaped(string value, char separator)
    {
        var parts = new List<string>();
        var from = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\') { i++; continue; }
            if (value[i] == separator)
            {
                parts.Add(value[from..i]);
                from = i + 1;
            }
        }
        parts.Add(value[from..]);
        return parts;
    }

    /// <summary>\, \; \\ and \n (or \N) as RFC 6350 §3.4 escapes them; any other backslash is kept as it is.</summary>
    static string Unescape(string value)
    {
        if (!value.Contains('\\')) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[i + 1];
                switch (next)
                {
                    case ',' or ';' or '\\' or ':': sb.Append(next); i++; continue;
                    case 'n' or 'N': sb.Append('\n'); i++; continue;
                }
            }
            sb.Append(value[i]);
        }
        return sb.ToString();
    }

    static string? Clean(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Replace("\r\n", "\n").Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    static string? Join(params string?[] parts)
    {
        var joined = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }
}
