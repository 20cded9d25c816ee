using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;

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

    // The contact form's own rules, read from ContactRequest's annotations: an imported contact can be saved back
    // through PUT unchanged, and a rule changed there holds here too.
    static T Rule<T>(string property) where T : Attribute =>
        typeof(ContactRequest).GetProperty(property)!.GetCustomAttribute<T>()
        ?? throw new InvalidOperationException($"ContactRequest.{property} has no {typeof(T).Name}.");
    static int Length(string property) => Rule<StringLengthAttribute>(property).MaximumLength;

    public static readonly int MaxName = Length(nameof(ContactRequest.Name)), MaxHeadline = Length(nameof(ContactRequest.Headline)),
        MaxCompany = Length(nameof(ContactRequest.Company)), MaxEmail = Length(nameof(ContactRequest.Email)),
        MaxUrl = Length(nameof(ContactRequest.LinkedInUrl)), MaxNotes = Length(nameof(ContactRequest.Notes));
    public static readonly int MaxTags = Rule<PhraseListAttribute>(nameof(ContactRequest.Tags)).MaxItems,
        MaxTagLength = Rule<PhraseListAttribute>(nameof(ContactRequest.Tags)).MaxLength;
    static readonly EmailAddressAttribute EmailRule = Rule<EmailAddressAttribute>(nameof(ContactRequest.Email));
    static readonly RegularExpressionAttribute PhoneRule = Rule<RegularExpressionAttribute>(nameof(ContactRequest.Phone));

    /// <summary>Makes the row safe to store: every value the contact form would accept, or left out with a warning.</summary>
    public void Clean()
    {
        var row = this;
        row.Name = Clip(SingleLine(row.Name), MaxName, null, row);
        row.Headline = Clip(SingleLine(row.Headline), MaxHeadline, "headline", row);
        row.Company = Clip(SingleLine(row.Company), MaxCompany, "company", row);

        row.Email = SingleLine(row.Email);
        if (row.Email is { } email && (email.Length > MaxEmail || email.Any(char.IsWhiteSpace) || !EmailRule.IsValid(email)))
        {
            row.Warnings.Add($"'{email}' is not an email address; it was left out.");
            row.Email = null;
        }

        row.Phone = SingleLine(row.Phone);
        if (row.Phone is { } phone && !PhoneRule.IsValid(phone))
        {
            row.Warnings.Add($"'{phone}' is not a phone number we can store (digits, spaces and + - ( ) only); it was left out.");
            row.Phone = null;
        }

        row.LinkedInUrl = SingleLine(row.LinkedInUrl);
        if (row.LinkedInUrl is { } url)
        {
            if (ContactKeys.LinkedIn(url) is null || url.Length > MaxUrl)
            {
                row.Warnings.Add($"'{url}' is not a LinkedIn address; it was left out.");
                row.LinkedInUrl = null;
            }
            else if (!url.Contains("://", StringComparison.Ordinal))
            {
                row.LinkedInUrl = "https://" + url;
            }
        }

        row.Notes = MultiLine(row.Notes);
        if (row.Notes is { } tooLong && tooLong.Length > MaxNotes)
        {
            row.Warnings.Add($"The notes were cut to {MaxNotes:N0} characters.");
            row.Notes = tooLong[..MaxNotes];
        }

        // The API's date rule: a date outside it is no typo to drop quietly but a row to look at (and year 9999 overflows).
        if (row.ConnectedOn is { } connected && !DateRangeAttribute.Contains(connected))
            row.Error = $"Connected On {connected.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} is not a date we can store. {DateRangeAttribute.Rule}";

        var tags = Phrases.Normalize(row.Tags.Select(SingleLine));
        if (tags.RemoveAll(t => t.Length > MaxTagLength) > 0)
            row.Warnings.Add($"Labels longer than {MaxTagLength} characters were left out.");
        row.Tags = tags;

        if (row.Name is null)
        {
            if (row.Email is { } named)
            {
                row.Name = named;
                row.Warnings.Add("The row has no name; the contact is named after its email address.");
            }
            else
            {
                row.Error = "The row has no name (and no email address to name it by).";
            }
        }
    }

    static string? Clip(string? value, int max, string? what, ImportRow row)
    {
        if (value is null || value.Length <= max) return value;
        if (what is null)
        {
            row.Error = $"The name is longer than {max} characters.";
            return value[..max];
        }
        row.Warnings.Add($"The {what} was cut to {max} characters.");
        return value[..max];
    }

    /// <summary>Line breaks become spaces and runs of spaces collapse; control characters are dropped (a NUL would fail the whole PostgreSQL transaction).</summary>
    static string? SingleLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var ch in value)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (char.IsControl(ch)) continue;
            if (space) sb.Append(' ');
            space = false;
            sb.Append(ch);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>Line breaks kept (as \n), other control characters dropped.</summary>
    static string? MultiLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Replace("\r\n", "\n").Replace('\r', '\n');
        var clean = new string([.. text.Where(ch => ch is '\n' or '\t' || !char.IsControl(ch))]).Trim();
        return clean.Length == 0 ? null : clean;
    }

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
