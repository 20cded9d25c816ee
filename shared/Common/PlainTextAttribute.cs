using System.ComponentModel.DataAnnotations;

namespace ContentHelper.Shared.Common;

/// <summary>
/// Text a person typed: no control characters (a NUL also fails the whole PostgreSQL transaction), and something
/// visible when it is given at all. <see cref="Multiline"/> allows line breaks and tabs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public bool Multiline { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is string text && Problem(text, Multiline) is { } problem ? new ValidationResult(problem) : ValidationResult.Success;

    /// <summary>Why <paramref name="text"/> is not plain text, or null when it is.</summary>
    public static string? Problem(string text, bool multiline = false)
    {
        if (text.Length == 0) return null; // [Required] speaks for empty
        var visible = false;
        foreach (var ch in text)
        {
            if (char.IsControl(ch) && !(multiline && ch is '\n' or '\r' or '\t'))
                return "Control characters are not allowed.";
            visible |= !char.IsWhiteSpace(ch);
        }
        return visible ? null : "Give some visible text.";
    }
}
