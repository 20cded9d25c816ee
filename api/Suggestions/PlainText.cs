using System.Text.RegularExpressions;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Imported fields (a CSV cell, a vCard line, a LinkedIn export) are data, not text to repeat: a value that reads as a
/// spreadsheet formula, markup or code never goes into a note or a reason, where a recipient's spreadsheet or mail
/// client could run it, or where it simply shows the user's address book was tampered with.
/// </summary>
public static partial class PlainText
{
    /// <summary>The value when it is plain text to say in a sentence; null when it looks like a formula, markup or code.</summary>
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) || IsSuspect(value) ? null : value.Trim();

    public static bool IsSuspect(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = value.TrimStart();
        // =cmd|' /C calc'!A0 · =HYPERLINK("…") · +SUM(1) · -2+3 · @SUM(…): a spreadsheet runs a cell that starts so (OWASP "CSV injection").
        if (text[0] == '=') return true;
        if (text[0] is '+' or '-' or '@' && FormulaSyntax().IsMatch(text)) return true;
        if (Dde().IsMatch(text)) return true;
        return Markup().IsMatch(text) || Code().IsMatch(text);
    }

    [GeneratedRegex(@"[()|!=;]|cmd", RegexOptions.IgnoreCase)]
    private static partial Regex FormulaSyntax();

    // cmd|' /C calc'!A0 anywhere in a cell: dynamic data exchange.
    [GeneratedRegex(@"\|\s*'?[^|]*'?!\s*[A-Z]+\d", RegexOptions.IgnoreCase)]
    private static partial Regex Dde();

    // <b>, </div>, <script, <!-- and entities (&amp; &#60; &#x3c;).
    [GeneratedRegex(@"<\s*/?\s*[a-z!][^>]*>?|&(#\d+|#x[0-9a-f]+|[a-z]{2,8});", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"javascript:|data:text|vbscript:|\$\{|\{\{|<%|`|\bfunction\s*\(|\beval\s*\(|\balert\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex Code();
}
