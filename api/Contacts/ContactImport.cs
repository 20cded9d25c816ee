using ContentHelper.Shared.Contacts;

namespace ContentHelper.Api.Contacts;

/// <summary>One applied import: what it did, and (through <see cref="ImportedContact"/>) how to take it back.</summary>
public sealed class ContactImport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public ImportFormat Format { get; set; }
    public string? FileName { get; set; }
    public DateTime ImportedAt { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Errors { get; set; }
    public DateTime? UndoneAt { get; set; }

    public ImportSummaryResponse AsResponse() =>
        new(Id, Format, FileName, ImportedAt, new ImportCounts(Created, Updated, Unchanged, Errors), UndoneAt);
}

/// <summary>
/// The undo log: one row per contact an import created or changed, with each field's value before and after
/// (a JSON array of <see cref="FieldChange"/>). Undo reverts a field only while it still holds "after".
/// No foreign key to the contact: a contact deleted or merged away since is something undo reports, not an error.
/// </summary>
public sealed class ImportedContact
{
    public Guid ImportId { get; set; }
    public Guid ContactId { get; set; }
    public bool Created { get; set; }
    public required string Changes { get; set; }

    /// <summary>The changes of a contact deleted since: none kept, so that the log holds nothing of a person who is gone.</summary>
    public const string Erased = "[]";
}
