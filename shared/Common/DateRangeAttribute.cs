using System.ComponentModel.DataAnnotations;

namespace ContentHelper.Shared.Common;

/// <summary>
/// A timestamp between 1900 and 2100. Anything outside is a typo or a probe, and DateTime arithmetic on it
/// (adding a cadence to 9999-12-31) overflows.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DateRangeAttribute : ValidationAttribute
{
    public static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not DateTime date) return ValidationResult.Success;
        // DateTime compares ticks and ignores Kind: a time with an offset arrives as Local.
        var utc = date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date;
        return utc < Earliest || utc >= Latest ? new ValidationResult("Give a date between 1900 and 2100.") : ValidationResult.Success;
    }
}
