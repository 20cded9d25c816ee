using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Common;

namespace ContentHelper.Shared.Contacts;

/// <summary>Body of POST /api/contacts and PUT /api/contacts/{id} (PUT replaces every field).</summary>
public sealed record ContactRequest
{
    [Required, StringLength(200), PlainText]
    public string? Name { get; init; }

    [StringLength(300), PlainText]
    public string? Headline { get; init; }

    [StringLength(200), PlainText]
    public string? Company { get; init; }

    [EmailAddress, StringLength(254)]
    public string? Email { get; init; }

    /// <summary>International format preferred (used for WhatsApp links): digits, spaces, +, -, ( ).</summary>
    [RegularExpression(@"^\+?[0-9 ()\-.]{5,30}$", ErrorMessage = "Use digits, spaces and + - ( ) only.")]
    public string? Phone { get; init; }

    [Url, StringLength(500)]
    public string? LinkedInUrl { get; init; }

    [RegularExpression(@"^@?[A-Za-z0-9_]{1,15}$", ErrorMessage = "An X handle is 1-15 letters, digits or underscores.")]
    public string? XHandle { get; init; }

    /// <summary>Short phrases the contact cares about, in their own words.</summary>
    [PhraseList(50, 100)]
    public List<string>? Interests { get; init; }

    public Circle? Circle { get; init; }

    /// <summary>Days between touches; null uses the circle's default cadence.</summary>
    [Range(1, 3650)]
    public int? KeepInTouchDays { get; init; }

    [DateRange]
    public DateTime? LastContactedAt { get; init; }

    /// <summary>Markdown.</summary>
    [StringLength(10_000), PlainText(Multiline = true)]
    public string? Notes { get; init; }

    public Channel? PreferredChannel { get; init; }

    [PhraseList(50, 100)]
    public List<string>? Tags { get; init; }

    /// <summary>On PUT, the <c>version</c> this edit is based on: if the contact has changed since, 409 and nothing is written. Leave it out to overwrite.</summary>
    public int? Version { get; init; }

    /// <summary>
    /// Also match them on what is known of them — headline, company, tags, notes, articles sent to them — with less
    /// weight than their interests. Null leaves it as it is (on).
    /// </summary>
    public bool? UseImplicitInterests { get; init; }
}

public sealed record ContactResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Headline { get; init; }
    public string? Company { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? LinkedInUrl { get; init; }
    public string? XHandle { get; init; }
    public IReadOnlyList<string> Interests { get; init; } = [];
    public Circle? Circle { get; init; }
    public int? KeepInTouchDays { get; init; }
    /// <summary>The cadence in force: <see cref="KeepInTouchDays"/> or the circle's default.</summary>
    public int? CadenceDays { get; init; }
    public DateTime? LastContactedAt { get; init; }
    public string? Notes { get; init; }
    public Channel? PreferredChannel { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Interests an import proposed (from a job title, labels, notes); never matched on until accepted.</summary>
    public IReadOnlyList<string> SuggestedInterests { get; init; } = [];
    /// <summary>Whether they are also matched on their headline, company, tags, notes and what was sent to them.</summary>
    public bool UseImplicitInterests { get; init; } = true;
    /// <summary>Left off the keep-in-touch page until then.</summary>
    public DateTime? SnoozedUntil { get; init; }
    /// <summary>When the user connected with them on LinkedIn (from Connections.csv).</summary>
    public DateOnly? ConnectedOn { get; init; }
    /// <summary>
    /// For someone never contacted whom an import planned: the day their first note is planned for (the import spreads
    /// a network over the weeks ahead). Null once they have been contacted, or given a circle or cadence of their own.
    /// </summary>
    public DateTime? FirstNoteDue { get; init; }
    public int? DaysSinceContact { get; init; }
    public DateTime? NextContactDue { get; init; }
    public bool Overdue { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    /// <summary>Changes with every write; send it back with PUT to refuse overwriting someone else's edit.</summary>
    public int Version { get; init; }
}
