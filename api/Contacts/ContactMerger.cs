using ContentHelper.Api.Data;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// Folds duplicates into one contact without losing anything: lists are combined, empty fields are filled, and a
/// value that differs from the surviving contact's (a second email, an older job title) is written into its notes.
/// </summary>
public static class ContactMerger
{
    public const int MaxNotes = 10_000, MaxPhrases = 50;

    /// <summary>Merges <paramref name="others"/> into <paramref name="survivor"/>; the caller deletes them. Returns the field that would pass its limit, if any (nothing is changed then).</summary>
    public static string? Merge(Contact survivor, IReadOnlyList<Contact> others, ContactsOptions options, DateTime now)
    {
        var interests = Phrases.Normalize(survivor.Interests.Concat(others.SelectMany(o => o.Interests)));
        var tags = Phrases.Normalize(survivor.Tags.Concat(others.SelectMany(o => o.Tags)));
        if (interests.Count > MaxPhrases) return "interests";
        if (tags.Count > MaxPhrases) return "tags";

        var notes = new List<string>();
        if (!string.IsNullOrWhiteSpace(survivor.Notes)) notes.Add(survivor.Notes.Trim());
        var merged = Clone(survivor);
        foreach (var other in others)
        {
            var differing = new List<string>();
            var otherName = !string.Equals(ContactKeys.Name(other.Name), ContactKeys.Name(merged.Name), StringComparison.Ordinal);
            merged.Headline = Take(merged.Headline, other.Headline, "headline", differing);
            merged.Company = Take(merged.Company, other.Company, "company", differing);
            merged.Email = Take(merged.Email, other.Email, "email", differing, ContactKeys.Email);
            merged.Phone = Take(merged.Phone, other.Phone, "phone", differing, p => new string([.. p!.Where(char.IsDigit)]));
            merged.LinkedInUrl = Take(merged.LinkedInUrl, other.LinkedInUrl, "LinkedIn", differing, ContactKeys.LinkedIn);
            merged.XHandle = Take(merged.XHandle, other.XHandle, "X", differing, h => h?.ToLowerInvariant());
            if (merged.Circle is null) merged.Circle = other.Circle;
            else if (other.Circle is { } circle && circle != merged.Circle) differing.Add($"circle {circle}");
            if (merged.PreferredChannel is null) merged.PreferredChannel = other.PreferredChannel;
            else if (other.PreferredChannel is { } channel && channel != merged.PreferredChannel) differing.Add($"preferred channel {channel}");
            // The closer cadence wins: the user wanted to keep in touch at least that often.
            merged.KeepInTouchDays = Min(merged.KeepInTouchDays, other.KeepInTouchDays);
            merged.LastContactedAt = Max(merged.LastContactedAt, other.LastContactedAt);
            merged.LastContactedManuallyAt = Max(merged.LastContactedManuallyAt, other.LastContactedManuallyAt);
            merged.ConnectedOn = merged.ConnectedOn is { } a && other.ConnectedOn is { } b ? (a < b ? a : b) : merged.ConnectedOn ?? other.ConnectedOn;
            if (other.CreatedAt < merged.CreatedAt) merged.CreatedAt = other.CreatedAt;

            if (!string.IsNullOrWhiteSpace(other.Notes) && !notes.Any(n => n.Contains(other.Notes.Trim(), StringComparison.Ordinal)))
                notes.Add(other.Notes.Trim());
            if (differing.Count > 0) notes.Add($"Merged from {other.Name}: {string.Join("; ", differing)}.");
            else if (otherName) notes.Add($"Merged from {other.Name}.");
        }
        var combinedNotes = notes.Count == 0 ? null : string.Join("\n\n", notes);
        if (combinedNotes?.Length > MaxNotes) return "notes";

        Copy(merged, survivor);
        survivor.Interests = interests;
        survivor.Tags = tags;
        survivor.UserFields = [.. survivor.UserFields.Union(others.SelectMany(o => o.UserFields))];
        survivor.DismissedInterests = Phrases.Normalize(survivor.DismissedInterests.Concat(others.SelectMany(o => o.DismissedInterests)));
        survivor.SuggestedInterests = [.. Phrases.Normalize(survivor.SuggestedInterests.Concat(others.SelectMany(o => o.SuggestedInterests)))
            .Where(s => !interests.Contains(s, StringComparer.OrdinalIgnoreCase) && !survivor.DismissedInterests.Contains(s, StringComparer.OrdinalIgnoreCase))];
        survivor.Notes = combinedNotes;
        survivor.UpdatedAt = now;
        survivor.Refresh(options);
        return null;
    }

    static string? Take(string? kept, string? other, string what, List<string> differing, Func<string?, string?>? key = null)
    {
        if (string.IsNullOrWhiteSpace(other)) return kept;
        if (string.IsNullOrWhiteSpace(kept)) return other;
        key ??= v => v?.Trim();
        if (key(kept) != key(other)) differing.Add($"{what} {other}");
        return kept;
    }

    // Work on a copy so that a merge refused for a limit leaves the tracked survivor untouched.
    static Contact Clone(Contact c) => new()
    {
        Id = c.Id, AccountId = c.AccountId, Name = c.Name, Headline = c.Headline, Company = c.Company, Email = c.Email,
        Phone = c.Phone, LinkedInUrl = c.LinkedInUrl, XHandle = c.XHandle, Circle = c.Circle, KeepInTouchDays = c.KeepInTouchDays,
        LastContactedAt = c.LastContactedAt, LastContactedManuallyAt = c.LastContactedManuallyAt, PreferredChannel = c.PreferredChannel,
        ConnectedOn = c.ConnectedOn, CreatedAt = c.CreatedAt,
    };

    static void Copy(Contact from, Contact to)
    {
        to.Headline = from.Headline; to.Company = from.Company; to.Email = from.Email; to.Phone = from.Phone;
        to.LinkedInUrl = from.LinkedInUrl; to.XHandle = from.XHandle; to.Circle = from.Circle; to.KeepInTouchDays = from.KeepInTouchDays;
        to.LastContactedAt = from.LastContactedAt; to.LastContactedManuallyAt = from.LastContactedManuallyAt;
        to.PreferredChannel = from.PreferredChannel; to.ConnectedOn = from.ConnectedOn; to.CreatedAt = from.CreatedAt;
    }

    static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
