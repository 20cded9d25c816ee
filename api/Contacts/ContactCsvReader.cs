using System.Globalization;
using System.Text;
using ContentHelper.Shared.Contacts;
using CsvHelper;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// LinkedIn Connections.csv and Google Contacts CSV (current and older layout), mapped by column name, never by
/// position. CsvHelper does the RFC 4180 work (quoted commas, line breaks inside quotes, BOM, transcoding).
/// </summary>
public sealed class ContactCsvReader : IDisposable
{
    // LinkedIn writes a short "Notes:" preamble above the header; Google writes none. Ten records is plenty to find it.
    const int HeaderSearchRecords = 10;

    // Connected On: "12 Mar 2024" today, "7-Feb-22" in older exports.
    static readonly string[] ConnectedOnFormats = ["d MMM yyyy", "d-MMM-yy", "d-MMM-yyyy", "d MMM yy", "yyyy-MM-dd", "MMM d, yyyy"];

    enum Layout { LinkedIn, Google, GoogleLegacy }

    readonly Stream stream;
    readonly Encoding? encoding;
    CsvReader reader;
    readonly Dictionary<string, int> columns;
    readonly Layout layout;
    // CsvHelper reports bad quoting through a callback just before Read returns the record; this is where it lands.
    readonly MalformedBox box;
    CsvMalformedRecord? Malformed { get => box.Last; set => box.Last = value; }

    public ImportFormat Format => layout == Layout.LinkedIn ? ImportFormat.LinkedIn : ImportFormat.GoogleContacts;

    sealed class MalformedBox { public CsvMalformedRecord? Last; }

    ContactCsvReader(Stream stream, Encoding? encoding, CsvReader reader, Dictionary<string, int> columns, Layout layout, MalformedBox box)
    {
        this.stream = stream;
        this.encoding = encoding;
        this.reader = reader;
        this.columns = columns;
        this.layout = layout;
        this.box = box;
    }

    /// <summary>Finds the header of a known layout near the top of the file; null when there is none.</summary>
    public static ContactCsvReader? Open(ImportSource source)
    {
        // CsvHelper reads UTF-8 (BOM or not) and UTF-16 (by its BOM) itself; other encodings it transcodes.
        var encoding = source.EncodingName == "windows-1252" ? source.Encoding : null;
        var box = new MalformedBox();
        var reader = CreateReader(source.Stream, encoding, lineBreaksInQuotes: true, box);
        try
        {
            for (var i = 0; i < HeaderSearchRecords && reader.Read(); i++)
            {
                var fields = Fields(reader);
                var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var f = 0; f < fields.Length; f++) map.TryAdd(fields[f].Trim(), f);
                if (Recognise(map) is { } layout)
                    return new ContactCsvReader(source.Stream, encoding, reader, map, layout, box);
            }
        }
        catch (CsvFormatException)
        {
            // Binary or otherwise unreadable input: not a CSV we know.
        }
        reader.Dispose();
        return null;
    }

    static Layout? Recognise(Dictionary<string, int> header)
    {
        bool Has(params string[] names) => names.All(header.ContainsKey);
        if (Has("First Name", "Last Name", "URL", "Connected On")) return Layout.LinkedIn;
        if (Has("First Name", "Last Name") && (Has("Labels") || Has("E-mail 1 - Value") || Has("Organization Name") || Has("File As")))
            return Layout.Google;
        if (Has("Given Name", "Family Name") && (Has("Group Membership") || Has("Name") || Has("E-mail 1 - Value")))
            return Layout.GoogleLegacy;
        return null;
    }

    CsvReader CreateReader(bool lineBreaksInQuotes) => CreateReader(stream, encoding, lineBreaksInQuotes, box);

    static CsvReader CreateReader(Stream stream, Encoding? encoding, bool lineBreaksInQuotes, MalformedBox box)
    {
        stream.Position = 0;
        return CsvReader.Create(stream, new CsvReaderOptions
        {
            // The header is found by content (after LinkedIn's preamble), so every line comes back as a record.
            HasHeader = false,
            // Never guessed: a LinkedIn preamble full of commas and full stops could fool the detector.
            Separator = ',',
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = lineBreaksInQuotes,
            OnMalformedRecord = m => box.Last = m,
            Encoding = encoding,
        }, leaveOpen: true);
    }

    /// <summary>The data rows after the header, streamed: one <see cref="ImportRow"/> per record.</summary>
    public IEnumerable<ImportRow> Rows()
    {
        Malformed = null;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            if (Malformed is { Reason: CsvMalformedReason.UnterminatedQuote } broken && broken.LineNumber == line)
            {
                // A quote that is never closed swallows the rest of the file. Report this row, then read on line by
                // line (no line breaks inside quotes) from the next line, so one bad cell never loses the rest.
                yield return new ImportRow { Line = line, Error = "A quoted value is never closed (a \" is missing)." };
                reader.Dispose();
                reader = CreateReader(lineBreaksInQuotes: false);
                Malformed = null;
                while (reader.Read() && reader.LineNumber <= line) { }
                if (reader.LineNumber <= line) yield break;
                do
                {
                    var recovered = (int)reader.LineNumber;
                    if (Malformed is { } m && m.LineNumber == recovered && m.Reason is CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes)
                    {
                        yield return new ImportRow { Line = recovered, Error = "A quoted value is never closed (a \" is missing)." };
                        Malformed = null;
                        continue;
                    }
                    if (ToRow(recovered) is { } row) yield return row;
                } while (reader.Read());
                yield break;
            }
            if (ToRow(line) is { } next) yield return next;
        }
    }

    ImportRow? ToRow(int line)
    {
        var fields = Fields(reader);
        var quoteWarning = Malformed is { Reason: CsvMalformedReason.TextAfterClosingQuote } m && m.LineNumber == line;
        Malformed = null;
        if (fields.All(string.IsNullOrWhiteSpace)) return null; // a blank line or ",,,,": nobody there
        if (fields.Length > columns.Count && fields.Skip(columns.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            // More values than columns: an unquoted comma has shifted every value after it into the wrong column.
            return new ImportRow
            {
                Line = line,
                Error = $"The row has {fields.Length} values but the header has {columns.Count} columns; a value with a comma is probably missing its quotes.",
            };
        }
        var row = layout == Layout.LinkedIn ? LinkedIn(fields, line) : Google(fields, line);
        if (quoteWarning) row.Warnings.Add("A quoted value has text after its closing quote; it was read as one value.");
        return row;
    }

    ImportRow LinkedIn(string[] f, int line)
    {
        string? Get(string column) => Cell(f, column);
        var position = Get("Position");
        var row = new ImportRow
        {
            Line = line,
            Name = Join(Get("First Name"), Get("Last Name")),
            LinkedInUrl = Get("URL"),
            Email = Get("Email Address"),
            Company = Get("Company"),
            Headline = position,
        };
        row.Titles.Add(position);
        row.Hints.Add(position);
        row.Hints.Add(row.Company);
        if (Get("Connected On") is { } connected)
        {
            if (DateOnly.TryParseExact(connected, ConnectedOnFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
                row.ConnectedOn = date;
            else
                row.Warnings.Add($"Connected On '{connected}' is not a date like 12 Mar 2024; it was left out.");
        }
        return row;
    }

    ImportRow Google(string[] f, int line)
    {
        string? Get(string column) => Cell(f, column);
        var legacy = layout == Layout.GoogleLegacy;
        var name = legacy
            ? Get("Name") ?? Join(Get("Given Name"), Get("Additional Name"), Get("Family Name"))
            : Join(Get("First Name"), Get("Middle Name"), Get("Last Name"));
        name ??= Get("File As") ?? Get("Nickname");
        var title = Get("Organization Title") ?? Get("Organization 1 - Title");
        var department = Get("Organization Department") ?? Get("Organization 1 - Department");
        var labels = ImportRow.SplitMulti(Get("Labels") ?? Get("Group Membership")).ToList();
        var row = new ImportRow
        {
            Line = line,
            Name = name,
            Company = Get("Organization Name") ?? Get("Organization 1 - Name"),
            Headline = title,
            Email = Pick(f, "E-mail"),
            Phone = Pick(f, "Phone"),
            LinkedInUrl = Numbered(f, "Website", "Value").SelectMany(v => ImportRow.SplitMulti(v.Value))
                .FirstOrDefault(url => ContactKeys.LinkedIn(url) is not null),
            Notes = Get("Notes"),
            Tags = [.. ImportRow.Labels(labels)],
        };
        row.Titles.AddRange([title, department]);
        row.Hints.AddRange([title, row.Company, department, .. row.Tags, row.Notes]);
        return row;
    }

    /// <summary>
    /// The primary value of "E-mail 1 - Value", "E-mail 2 - Value"…: the one whose label starts with "*" (Google's
    /// mark for primary), else the first. A cell may hold several values joined by " ::: ".
    /// </summary>
    string? Pick(string[] f, string kind)
    {
        string? first = null;
        foreach (var (value, label) in Numbered(f, kind, "Value"))
        {
            var candidate = ImportRow.SplitMulti(value).FirstOrDefault();
            if (candidate is null) continue;
            if (label?.StartsWith('*') == true) return candidate;
            first ??= candidate;
        }
        return first;
    }

    IEnumerable<(string? Value, string? Label)> Numbered(string[] f, string kind, string part)
    {
        for (var n = 1; columns.ContainsKey($"{kind} {n} - {part}"); n++)
            yield return (Cell(f, $"{kind} {n} - {part}"), Cell(f, $"{kind} {n} - Label") ?? Cell(f, $"{kind} {n} - Type"));
    }

    string? Cell(string[] fields, string column) =>
        columns.TryGetValue(column, out var i) && i < fields.Length && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;

    static string? Join(params string?[] parts)
    {
        var joined = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return joined.Length == 0 ? null : joined;
    }

    static string[] Fields(CsvReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i) ?? "";
        return fields;
    }

    public void Dispose() => reader.Dispose();
}
