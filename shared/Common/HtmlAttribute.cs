using System.ComponentModel.DataAnnotations;

namespace ContentHelper.Shared.Common;

/// <summary>Text that is HTML at all: it has at least one tag. Plain text, JSON or a PDF's bytes are not pages.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class HtmlAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string html || html.Length == 0) return ValidationResult.Success; // [Required] speaks for empty
        var span = html.AsSpan(0, Math.Min(html.Length, 1_000_000));
        for (var i = span.IndexOf('<'); i >= 0 && i + 1 < span.Length; i = span[(i + 1)..].IndexOf('<') is var next and >= 0 ? i + 1 + next : -1)
        {
            var c = span[i + 1];
            if (char.IsAsciiLetter(c) || c == '!') return ValidationResult.Success;
        }
        return new ValidationResult("This is not HTML: send the page's markup (document.documentElement.outerHTML).");
    }
}
