namespace ContentHelper.Api.Contacts;

/// <summary>One person as a reader found them in a file, before cleaning and matching. Values are raw but trimmed.</summary>
public sealed class ImportRow
{
    /// <summary>1-based line where the row (or vCard) starts.</summary>
    public required int Line { get; init; }
    public string? Name { get; set; }
    public string? Headline { get; set; }
    public string? Company { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? LinkedInUrl { get; set; }
    public DateOnly? ConnectedOn { get; set; }
    public string? Notes { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Job title, role and department: what the person works on, in a few words.</summary>
    public List<string?> Titles { get; } = [];
    /// <summary>Text that suggests interests: job title, company, department, labels, notes.</summary>
    public List<string?> Hints { get; } = [];
    /// <summary>Set when the row cannot be imported at all; the row is reported and skipped.</summary>
    public string? Error { get; set; }
    public List<string> Warnings { get; } = [];

    /// <summary>Google's " ::: " joins several values in one cell and several labels in one column.</summary>
    public static IEnumerable<string> SplitMulti(string? cell) =>
        string.IsNullOrWhiteSpace(cell) ? [] : cell.Split(":::", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Labels (Google) and CATEGORIES (vCard) as tags: "* myContacts ::: Friends" → ["Friends"]. A leading "*" marks a
    /// system or primary label; "myContacts" is every contact in the address book, so it says nothing.
    /// </summary>
    public static IEnumerable<string> Labels(IEnumerable<string> labels) =>
        labels.Select(l => l.TrimStart('*').Trim())
            .Where(l => l.Length > 0 && !SystemLabels.Contains(l));

    static readonly HashSet<string> SystemLabels = new(StringComparer.OrdinalIgnoreCase) { "myContacts", "My Contacts", "Other Contacts", "otherContacts" };
}
