using System.ComponentModel.DataAnnotations;

namespace ContentHelper.Shared.Common;

/// <summary>
/// A timestamp between 1900 and 2100: the one date rule, for the API's dates and for an import's (the service checks
/// a file's dates with <see cref="Contains(DateOnly)"/>). Anything outside is a typo or a probe, and DateTime arithmetic
/// on it (adding a cadence to 9999-12-31) overflows.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DateRangeAttribute : ValidationAttribute
{
    public static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public const string Rule = "Give a date between 1900 and 2100.";

    /// <summary>Whether <paramref name="date"/> is in [1900-01-01, 2100-01-01), compared in UTC.</summary>
    public static bool Contains(DateTime date)
    {
        // DateTime compares ticks and ignores Kind: a time with an offset arrives as Local.
        var utc = date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : date;
        return utc >= Earliest && utc < Latest;
    }

    public static bool Contains(DateOnly date) => Contains(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
        value is not DateTime date || Contains(date) ? ValidationResult.Success : new ValidationResult(Rule);
}
