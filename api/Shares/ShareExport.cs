using ContentHelper.Api.Contacts;
using System.Globalization;
using System.Text;
using CsvHelper;

namespace ContentHelper.Api.Shares;

/// <summary>The share history as files a person can open: CSV for spreadsheets, Markdown for notes.</summary>
public static class ShareExport
{
    static readonly CsvWriterOptions Csv = new()
    {
        // A cell like =HYPERLINK(...) in a shared title would run as a formula in Excel or Sheets;
        // CsvHelper puts an apostrophe before text cells that start with = + - @ tab or CR so they stay text.
        Injection = CsvInjection.Escape,
        // So that Excel opens accented names as UTF-8.
        WriteByteOrderMark = true,
    };

    public static byte[] ToCsv(IEnumerable<Share> shares)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, Csv, leaveOpen: true))
        {
            csv.WriteHeader(["Shared at (UTC)", "Contact", "Action", "Channel", "Title", "URL", "Message"]);
            foreach (var s in shares)
            {
                csv.WriteRecord([
                    s.SharedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Neutralise(s.ContactName),
                    s.Action.ToString().ToLowerInvariant(),
                    s.Channel.ToString().ToLowerInvariant(),
                    Neutralise(s.Title ?? ""),
                    Neutralise(s.Url),
                    Neutralise(s.Message ?? ""),
                ]);
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// CsvHelper looks only at a cell's first character; spreadsheets skip leading spaces, line breaks, no-break
    /// and zero-width spaces and still run "\u200B=HYPERLINK(…)". Such a cell gets the apostrophe too.
    /// </summary>
    static string Neutralise(string cell)
    {
        var start = 0;
        while (start < cell.Length && (char.IsWhiteSpace(cell[start]) || char.GetUnicodeCategory(cell[start]) == UnicodeCategory.Format))
            start++;
        return start > 0 && start < cell.Length && cell[start] is '=' or '+' or '-' or '@' ? "'" + cell : cell;
    }

    public static byte[] ToMarkdown(IEnumerable<Share> shares)
    {
        var md = new StringBuilder("# Shared articles\n\n| Shared at (UTC) | Contact | Action | Channel | Article |\n|---|---|---|---|---|\n");
        foreach (var s in shares)
        {
            var title = Cell(string.IsNullOrWhiteSpace(s.Title) ? s.Url : s.Title);
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.SharedAt:yyyy-MM-dd HH:mm} | {Cell(s.ContactName)} | {s.Action.ToString().ToLowerInvariant()} | {s.Channel.ToString().ToLowerInvariant()} | [{title}](<{s.Url.Replace(">", "%3E")}>) |\n");
        }
        return Encoding.UTF8.GetBytes(md.ToString());
    }

    /// <summary>Text inside a Markdown table cell: no line breaks, pipes and brackets escaped, no raw HTML.</summary>
    static string Cell(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\r' or '\n': sb.Append(' '); break;
                case '|' or '[' or ']' or '\\' or '<' or '>' or '*' or '_' or '`': sb.Append('\\').Append(ch); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }
}
