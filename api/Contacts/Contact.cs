using System.Globalization;
using System.Text.Json.Nodes;
using ContentHelper.Shared.Contacts;

namespace ContentHelper.Api.Contacts;

public sealed class Contact
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public string? Headline { get; set; }
    public string? Company { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? LinkedInUrl { get; set; }
    public string? XHandle { get; set; }
    public List<string> Interests { get; set; } = [];
    public Circle? Circle { get; set; }
    public int? KeepInTouchDays { get; set; }
    /// <summary>The latest contact: a recorded share, or what the user entered, whichever is later.</summary>
    public DateTime? LastContactedAt { get; set; }
    /// <summary>The last contact the user entered by hand; undoing shares falls back to it.</summary>
    public DateTime? LastContactedManuallyAt { get; set; }
    public string? Notes { get; set; }
    public Channel? PreferredChannel { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Proposed by an import; kept apart from <see cref="Interests"/> so matching never sees them until accepted.</summary>
    public List<string> SuggestedInterests { get; set; } = [];
    /// <summary>Suggestions the user turned down: a later import does not propose them again.</summary>
    public List<string> DismissedInterests { get; set; } = [];
    /// <summary>
    /// Fields an import writes that the user has since changed by hand ("headline", "notes"…). They are the user's:
    /// a later import neither replaces nor refills them.
    /// </summary>
    public List<string> UserFields { get; set; } = [];
    /// <summary>Also match on what is known of them (headline, company, tags, notes, what was sent), below their typed interests.</summary>
    public bool UseImplicitInterests { get; set; } = true;
    /// <summary>Kept off the keep-in-touch page until then ("snooze for a week"); being due is unchanged.</summary>
    public DateTime? SnoozedUntil { get; set; }
    public DateOnly? ConnectedOn { get; set; }
    /// <summary>
    /// The first note, planned when an import added them (<see cref="FirstNotePlanner"/>): a day in the weeks ahead, so
    /// that an imported network comes due a few people a week rather than all at once. In force while they have never
    /// been contacted and follow the plan (<see cref="FollowsPlan"/>).
    /// </summary>
    public DateTime? FirstNoteDue { get; set; }
    /// <summary>
    /// How long the import's plan takes to offer everyone it planned a first note, in days, when that is longer than
    /// the cadence: the cadence of someone who follows the plan is at least this, so that the second round of notes
    /// comes after the first instead of landing on top of it.
    /// </summary>
    public int? RoundDays { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>
    /// Raised by every save that changes the contact (<see cref="Data.AppDb"/>) and checked by it: a write based on
    /// an older read fails instead of overwriting or resurrecting, and the API answers 409. It starts at a random
    /// number (see <see cref="Data.AppDb"/>).
    /// </summary>
    public int Version { get; set; }

    // Denormalised so that search, interest filter and the overdue view are plain indexable
    // comparisons on every provider (no JSON/array functions, no provider-specific date math).
    public string SearchText { get; set; } = "";
    /// <summary>"|ai|carbon capture|": lower-cased interests between bars, for exact-phrase filtering.</summary>
    public string InterestKey { get; set; } = "";
    /// <summary>The name as it is filed, without titles ("Dr. Tom Okafor" → "tom okafor"); "" only on rows saved before it existed.</summary>
    public string SortName { get; set; } = "";
    public DateTime? NextContactDue { get; set; }

    /// <summary>
    /// A shallow copy (an import keeps one of each contact it changes, as read). The lists are shared with the copy: change
    /// a contact's list by giving it a new one, never in place.
    /// </summary>
    public Contact Copy() => (Contact)MemberwiseClone();

    /// <summary>Recomputes the denormalised columns; call after any change to the fields they derive from.</summary>
    public void Refresh(ContactsOptions options)
    {
        SearchText = string.Join('\n', new[] { Name, Company, Headline, Email }.Concat(Interests).Where(s => !string.IsNullOrEmpty(s)))
            .ToLowerInvariant();
        SortName = PersonNames.SortKey(Name);
        InterestKey = Interests.Count == 0 ? "" : "|" + string.Join('|', Interests.Select(i => i.ToLowerInvariant())) + "|";
        NextContactDue = DueDate(options);
    }

    /// <summary>
    /// The fields an import writes, as JSON values, by the names its log uses: what the import's preview shows, what
    /// its undo log stores and compares, and what an edit by hand makes the user's.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (Func<Contact, JsonNode?> Get, Action<Contact, JsonNode?> Set)> ImportFields =
        new Dictionary<string, (Func<Contact, JsonNode?>, Action<Contact, JsonNode?>)>
        {
            ["name"] = (c => c.Name, (c, v) => c.Name = Text(v) ?? c.Name),
            ["headline"] = (c => c.Headline, (c, v) => c.Headline = Text(v)),
            ["company"] = (c => c.Company, (c, v) => c.Company = Text(v)),
            ["email"] = (c => c.Email, (c, v) => c.Email = Text(v)),
            ["phone"] = (c => c.Phone, (c, v) => c.Phone = Text(v)),
            ["linkedInUrl"] = (c => c.LinkedInUrl, (c, v) => c.LinkedInUrl = Text(v)),
            ["connectedOn"] = (c => c.ConnectedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (c, v) => c.ConnectedOn = Text(v) is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
            ["notes"] = (c => c.Notes, (c, v) => c.Notes = Text(v)),
            ["tags"] = (c => List(c.Tags), (c, v) => c.Tags = Strings(v)),
            ["suggestedInterests"] = (c => List(c.SuggestedInterests), (c, v) => c.SuggestedInterests = Strings(v)),
        };

    // An empty list is "nothing", like null, so that a created contact without tags logs no tags change.
    static JsonNode? List(List<string> items) => items.Count == 0 ? null : new JsonArray([.. items.Select(i => (JsonNode?)i)]);
    static string? Text(JsonNode? node) => node?.GetValue<string>();
    static List<string> Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    // Imported fields an edit by hand makes the user's. The name is never changed by an import, the connection date
    // and the suggestions are not the user's to write.
    static readonly string[] ClaimableFields = ["headline", "company", "email", "phone", "linkedInUrl", "notes", "tags"];

    /// <summary>The values of the imported fields an edit by hand can claim.</summary>
    public Dictionary<string, JsonNode?> ImportedValues() => ClaimableFields.ToDictionary(f => f, f => ImportFields[f].Get(this));

    /// <summary>Marks as the user's every imported field whose value differs from <paramref name="before"/>.</summary>
    public void ClaimEditedFields(Dictionary<string, JsonNode?> before)
    {
        foreach (var (field, value) in ImportedValues())
            if (!JsonNode.DeepEquals(value, before[field]) && !UserFields.Contains(field)) UserFields.Add(field);
    }

    /// <summary>
    /// Whether the import's plan (<see cref="FirstNoteDue"/>, <see cref="RoundDays"/>) applies: to people the user has not
    /// sorted. Someone given a circle or a cadence of their own is due by that rule, at once if it says so.
    /// </summary>
    public bool FollowsPlan => Circle is null && KeepInTouchDays is null;

    /// <summary>The first note planned by an import, while it is in force (never contacted, following the plan).</summary>
    public DateTime? PlannedFirstNote => LastContactedAt is null && FollowsPlan ? FirstNoteDue : null;

    /// <summary>
    /// When the next touch is due under the cadence in force; null without a cadence. A first note planned by an import
    /// is due on its planned day. Otherwise the cadence counts from <see cref="TouchedSince"/>, but nobody is late for a
    /// first note before they were in the list: an old connection added today is due today at the earliest (never
    /// "overdue by 1,584 days"). Saturates at the last day .NET can hold instead of overflowing: a far date stored
    /// before the date rule (an import's "01 Jun 9999") must not fail a start or an edit.
    /// </summary>
    public DateTime? DueDate(ContactsOptions options)
    {
        if (options.CadenceFor(this) is not { } days) return null;
        if (PlannedFirstNote is { } planned) return planned;
        var since = TouchedSince;
        var due = days >= (DateTime.MaxValue - since).TotalDays ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : since.AddDays(days);
        return LastContactedAt is null && due < CreatedAt ? CreatedAt : due;
    }

    /// <summary>
    /// Where the cadence counts from: the last contact; without one, the day they connected (an imported LinkedIn
    /// connection from 2019 has been waiting since then), else when the contact was added.
    /// </summary>
    public DateTime TouchedSince =>
        LastContactedAt ?? (ConnectedOn is { } connected ? connected.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : CreatedAt);

    public int? DaysSinceContact(DateTime now) => LastContactedAt is { } last ? Math.Max(0, (int)(now - last).TotalDays) : null;

    public ContactResponse AsResponse(ContactsOptions options, DateTime now)
    {
        return new ContactResponse
        {
            Id = Id,
            Name = Name,
            Headline = Headline,
            Company = Company,
            Email = Email,
            Phone = Phone,
            LinkedInUrl = LinkedInUrl,
            XHandle = XHandle,
            Interests = Interests,
            Circle = Circle,
            KeepInTouchDays = KeepInTouchDays,
            CadenceDays = options.CadenceFor(this),
            LastContactedAt = LastContactedAt,
            Notes = Notes,
            PreferredChannel = PreferredChannel,
            Tags = Tags,
            SuggestedInterests = SuggestedInterests,
            UseImplicitInterests = UseImplicitInterests,
            SnoozedUntil = SnoozedUntil,
            ConnectedOn = ConnectedOn,
            FirstNoteDue = PlannedFirstNote,
            DaysSinceContact = DaysSinceContact(now),
            NextContactDue = NextContactDue,
            Overdue = NextContactDue is { } due && due <= now,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            Version = Version,
        };
    }
}
