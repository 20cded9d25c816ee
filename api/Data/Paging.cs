using Microsoft.AspNetCore.Http.HttpResults;

namespace ContentHelper.Api.Data;

public static class Paging
{
    public const int MaxPageSize = 200;

    public static ValidationProblem? Validate(int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1) errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
