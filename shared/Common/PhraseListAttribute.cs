using System.ComponentModel.DataAnnotations;

namespace ContentHelper.Shared.Common;

/// <summary>A list of short phrases (interests, tags): at most <see cref="MaxItems"/>, each at most <see cref="MaxLength"/> characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PhraseListAttribute(int maxItems, int maxLength) : ValidationAttribute
{
    public int MaxItems { get; } = maxItems;
    public int MaxLength { get; } = maxLength;

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not IEnumerable<string?> items) return ValidationResult.Success;
        var list = items.ToList();
        if (list.Count > MaxItems)
            return new ValidationResult($"At most {MaxItems} items are allowed.");
        if (list.Any(i => i is not null && i.Trim().Length > MaxLength))
            return new ValidationResult($"Each item must be at most {MaxLength} characters.");
        if (list.Any(i => i is not null && i.Any(char.IsControl)))
            return new ValidationResult("Control characters are not allowed in an item.");
        return ValidationResult.Success;
    }
}
