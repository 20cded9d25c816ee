using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentHelper.Shared.Common;

namespace ContentHelper.Shared.Contacts;

/// <summary>The file formats POST /api/contacts/import recognises, from the file's content (never its name).</summary>
public enum ImportFormat
{
    /// <summary>LinkedIn's Connections.csv.</summary>
    [JsonStringEnumMemberName("linkedin")] LinkedIn,
    /// <summary>Google Contacts CSV, current or older layout.</summary>
    GoogleContacts,
    /// <summary>vCard 2.1, 3.0 or 4.0 (phones, Google, Apple).</summary>
    [JsonStringEnumMemberName("vcard")] VCard,
}

/// <summary>What an import does (or, in a dry run, would do) with one row or card of the file.</summary>
public enum ImportAction { Create, Update, Unchanged, Error }

/// <summary>
/// One field an import sets or would set. <see cref="Before"/> and <see cref="After"/> are JSON values as the
/// contact carries them: a string, an array of strings (tags, suggestedInterests), a date "2024-03-12", or null.
/// </summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);

/// <param name="Line">1-based line of the file where the row (or vCard) starts.</param>
/// <param name="ContactId">The matched contact, or the created one; null for errors and for creates in a dry run.</param>
/// <param name="MatchedBy">How the row found its contact: linkedInUrl, email, nameAndCompany or name; null for create and error.</param>
/// <param name="Changes">For create, the fields set; for update, the fields that change (before → after).</param>
/// <param name="Error">Why the row was skipped (action error).</param>
/// <param name="Warnings">Values that were not taken (an invalid email, an unreadable date…); the rest of the row was.</param>
public sealed record ImportRowResult(
    int Line,
    ImportAction Action,
    string? Name,
    Guid? ContactId,
    string? MatchedBy,
    IReadOnlyList<FieldChange> Changes,
    string? Error,
    IReadOnlyList<string> Warnings);

public sealed record ImportCounts(int Created, int Updated, int Unchanged, int Errors);

/// <summary>The answer of POST /api/contacts/import: the plan (dry run) or what was applied.</summary>
/// <param name="ImportId">Undo with DELETE /api/imports/{importId}; null in a dry run.</param>
/// <param name="Encoding">How the file was decoded: utf-8, utf-16, utf-32 or windows-1252.</param>
public sealed record ImportResponse(
    Guid? ImportId,
    bool DryRun,
    ImportFormat Format,
    string Encoding,
    ImportCounts Counts,
    IReadOnlyList<ImportRowResult> Rows)
{
    /// <summary>When the people it adds are due their first note (spread over the weeks ahead); null when it adds nobody with a cadence.</summary>
    public FirstNotesPlan? FirstNotes { get; init; }
}

/// <summary>
/// How an import spreads the first notes to the people it adds: <paramref name="FirstWeek"/> of them in its first week,
/// the rest week by week (at most <c>Contacts:WeeklyNotes</c> people due a week) until <paramref name="Last"/>.
/// </summary>
/// <param name="People">People given a first-note date.</param>
/// <param name="FirstWeek">Of those, due in the 7 days from the import.</param>
/// <param name="Last">The last first note planned.</param>
/// <param name="RoundDays">When the plan runs longer than their cadence: their cadence from now on, so that second notes follow the first round.</param>
public sealed record FirstNotesPlan(int People, int FirstWeek, DateTime Last, int? RoundDays);

/// <summary>An applied import, as GET /api/imports lists it.</summary>
/// <param name="UndoneAt">When it was undone; null while it stands.</param>
public sealed record ImportSummaryResponse(
    Guid Id,
    ImportFormat Format,
    string? FileName,
    DateTime ImportedAt,
    ImportCounts Counts,
    DateTime? UndoneAt);

/// <summary>Something an undo left as it is because the user changed it after the import.</summary>
public sealed record UndoKept(Guid ContactId, string Name, string? Field, string Reason);

/// <param name="Kept">Contacts and fields kept because they were edited (or merged, deleted, shared with) since the import.</param>
public sealed record UndoImportResponse(
    Guid ImportId,
    int ContactsRemoved,
    int FieldsReverted,
    IReadOnlyList<UndoKept> Kept);

/// <summary>Contacts that are probably one person, and why.</summary>
/// <param name="Reasons">Any of: linkedInUrl, email, nameAndCompany, similarName.</param>
public sealed record DuplicateGroup(
    IReadOnlyList<ContactResponse> Contacts,
    IReadOnlyList<string> Reasons);

public sealed record DuplicatesResponse(IReadOnlyList<DuplicateGroup> Groups);

/// <summary>Body of POST /api/contacts/{id}/merge: the contacts to fold into {id}; they are deleted afterwards.</summary>
public sealed record MergeContactsRequest
{
    [Required, MinLength(1), MaxLength(50)]
    public List<Guid>? OtherIds { get; init; }
}

public sealed record MergeContactsResponse(ContactResponse Contact, IReadOnlyList<Guid> MergedIds, int SharesMoved);

/// <summary>Body of POST /api/contacts/{id}/interests/accept; without a list (or without a body) every suggestion is accepted.</summary>
public sealed record AcceptInterestsRequest
{
    [PhraseList(50, 100)]
    public List<string>? Interests { get; init; }
}
