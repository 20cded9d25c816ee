using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentHelper.Api.Data;

/// <summary>Query-string checks that answer with a ValidationProblem naming the parameter.</summary>
public sealed class QueryErrors
{
    public const int MaxPageSize = 200;
    /// <summary>Far past any real list, and low enough that (page − 1) × pageSize stays a valid 32-bit offset.</summary>
    public const int MaxPage = 1_000_000;
    readonly Dictionary<string, string[]> errors = [];

    public QueryErrors Paging(int page, int pageSize)
    {
        if (page is < 1 or > MaxPage) errors["page"] = [$"page must be between 1 and {MaxPage:N0}."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        return this;
    }

    /// <summary>
    /// Parses an enum by name, ignoring case, so the JSON spelling ("superConnector", "linkedin") works in a URL.
    /// (Minimal APIs bind enums case-sensitively by their C# names.)
    /// </summary>
    public T? Enum<T>(string? value, string name) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (System.Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            && !char.IsDigit(value.Trim()[0]))
            return parsed;
        errors[name] = [$"Use one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}."];
        return null;
    }

    public ValidationProblem? Problem => errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
}
