namespace ContentHelper.Api.Data;

/// <summary>Short user-typed phrases (interests, tags) as we keep them.</summary>
public static class Phrases
{
    /// <summary>Trimmed, inner whitespace collapsed, empties dropped, case-insensitively de-duplicated (first spelling wins).</summary>
    public static List<string> Normalize(IEnumerable<string?>? phrases)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in phrases ?? [])
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var phrase = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (seen.Add(phrase)) result.Add(phrase);
        }
        return result;
    }

    /// <summary>The form a phrase is matched, shared and looked up by: trimmed, lower-case, single spaces.</summary>
    public static string Key(string phrase) => string.Join(' ', phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

public static class DateTimes
{
    /// <summary>A timestamp without an offset is taken as UTC, never as the server's local time.</summary>
    public static DateTime AsUtc(this DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
