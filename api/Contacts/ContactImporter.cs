using System.Text.Json;
using System.Text.Json.Nodes;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContentHelper.Api.Contacts;

/// <summary>
/// Turns the rows a reader found into a plan — create, update (field by field), unchanged or error per row — and
/// applies it in one transaction, logging every change so that the import can be undone.
/// The plan is made on untracked contacts; a dry run stops there and writes nothing.
/// </summary>
/// <remarks>
/// Matching order: LinkedIn profile URL (normalised), else email (ignoring case), else normalised name + company,
/// else the name alone when one side has no company and exactly one contact has that name (a phone's address book
/// rarely has companies; the preview says "matchedBy": "name"). A different LinkedIn profile always means a
/// different person. Rows of the same file that match each other become one contact.
///
/// Field rules on a matched contact — an import never wipes what the user added:
/// name is never changed; email, phone and LinkedIn URL are filled only when empty; headline and company are
/// replaced from LinkedIn (a person's own, current profile) but only filled from address books (often years old);
/// notes from the file are appended unless already there; tags and suggested interests are added to. Interests,
/// circle, cadence, last contact and preferred channel are never touched. A field the user edited by hand since
/// (<see cref="Contact.UserFields"/>) is left as the user has it, even empty.
/// An import that changes nothing is not recorded: it has nothing to undo.
///
/// The people it adds get their first note planned over the weeks ahead (<see cref="FirstNotePlanner"/>), so that a
/// network of hundreds is not due all at once.
/// </remarks>
public sealed class ContactImporter(AppDb db, ContactsOptions contactsOptions, ImportOptions options, TimeProvider clock, ReadingFit? readingFit = null)
{
    static readonly JsonSerializerOptions LogJson = JsonSerializerOptions.Web;

    readonly InterestSuggester suggester = new(options);

    /// <param name="Original">
    /// A contact that was there before the import, as it was read (a copy taken before the first row changed it); null
    /// for one the import creates. Later rows of the same file fold into one log entry against it.
    /// </param>
    sealed record Touched(Contact Contact, Contact? Original, int Line)
    {
        public bool Created => Original is null;
    }

    sealed record Plan(List<Touched> Touched, List<ImportRowResult> Rows, ImportCounts Counts);

    /// <summary>Plans (and unless <paramref name="dryRun"/>, applies) an import. Null when the file has more than <see cref="ImportOptions.MaxRows"/> rows; nothing is written then.</summary>
    public async Task<ImportResponse?> ImportAsync(Guid accountId, ImportFormat format, string encoding, string? fileName,
        IEnumerable<ImportRow> rows, bool dryRun, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The whole file is read before the account is locked, so the lock is held for the plan and the save only.
        var file = new List<ImportRow>();
        foreach (var row in rows)
        {
            if (file.Count == options.MaxRows) return null;
            ct.ThrowIfCancellationRequested();
            file.Add(row);
        }

        await using var transaction = dryRun ? null : await LockImportsAsync(accountId, ct);
        // Untracked: the plan edits these objects in place, and the save attaches only what it changed, a chunk at a time.
        var existing = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId).ToListAsync(ct);
        var plan = MakePlan(accountId, format, file, existing, dryRun, now, ct);

        // The people it adds come due a few a week, around everyone of the account already due, those the reading fits
        // first (see FirstNotePlanner).
        List<Contact> added = [.. plan.Touched.Where(t => t.Created).Select(t => t.Contact)];
        var fit = readingFit is not null && added.Count > 0 ? await readingFit(db, accountId, added, ct) : null;
        var firstNotes = FirstNotePlanner.Plan(added, existing.Select(c => c.NextContactDue).OfType<DateTime>(), now, contactsOptions, fit);
        var counts = plan.Counts;
        if (dryRun) return new ImportResponse(null, true, format, encoding, counts, plan.Rows) { FirstNotes = firstNotes };
        if (counts.Created + counts.Updated == 0) return new ImportResponse(null, false, format, encoding, counts, plan.Rows);

        var import = new ContactImport
        {
            AccountId = accountId, Format = format, FileName = fileName, ImportedAt = now,
            Created = counts.Created, Updated = counts.Updated, Unchanged = counts.Unchanged, Errors = counts.Errors,
        };
        // One transaction: the whole plan lands, or (on any failure) none of it. InMemory has no transaction to undo a
        // chunk that landed, so it saves once.
        await SaveAsync(import, plan.Touched, transaction is null ? int.MaxValue : Math.Max(1, options.SaveChunk), ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return new ImportResponse(import.Id, false, format, encoding, counts, plan.Rows) { FirstNotes = firstNotes };
    }

    /// <summary>What each row does, in the file's order, applied to <paramref name="existing"/> and new contacts in memory.</summary>
    Plan MakePlan(Guid accountId, ImportFormat format, List<ImportRow> file, List<Contact> existing, bool dryRun, DateTime now, CancellationToken ct)
    {
        var index = new ContactIndex(existing);
        var touched = new Dictionary<Guid, Touched>();
        var results = new List<ImportRowResult>(file.Count);
        int created = 0, updated = 0, unchanged = 0, errors = 0;

        foreach (var row in file)
        {
            ct.ThrowIfCancellationRequested();
            if (row.Error is null) row.Clean();
            if (row.Error is not null)
            {
                errors++;
                results.Add(new ImportRowResult(row.Line, ImportAction.Error, row.Name, null, null, [], row.Error, row.Warnings));
                continue;
            }

            var (match, matchedBy) = index.Find(row);
            if (match is null)
            {
                var contact = new Contact { AccountId = accountId, Name = row.Name!, CreatedAt = now, UpdatedAt = now };
                Apply(contact, row, format);
                contact.Refresh(contactsOptions);
                index.Add(contact);
                touched[contact.Id] = new Touched(contact, null, row.Line);
                created++;
                results.Add(new ImportRowResult(row.Line, ImportAction.Create, contact.Name, dryRun ? null : contact.Id, null,
                    Diff(Blank, Snapshot(contact)), null, row.Warnings));
                continue;
            }

            var before = Snapshot(match);
            touched.TryGetValue(match.Id, out var earlier);
            if (earlier is { Created: true })
                row.Warnings.Add($"The same person as line {earlier.Line}: both rows went into one contact.");
            var original = earlier is null ? match.Copy() : null;
            Apply(match, row, format);
            var changes = Diff(before, Snapshot(match));
            var id = dryRun && earlier is { Created: true } ? (Guid?)null : match.Id;
            if (changes.Count == 0)
            {
                unchanged++;
                results.Add(new ImportRowResult(row.Line, ImportAction.Unchanged, match.Name, id, matchedBy, [], null, row.Warnings));
                continue;
            }
            // A contact touched by an earlier row keeps that row's "before": undo goes back to the state before the file.
            if (earlier is null) touched[match.Id] = new Touched(match, original, row.Line);
            if (earlier is not { Created: true }) match.UpdatedAt = now;
            match.Refresh(contactsOptions);
            index.Add(match);
            updated++;
            results.Add(new ImportRowResult(row.Line, ImportAction.Update, match.Name, id, matchedBy, changes, null, row.Warnings));
        }
        return new Plan([.. touched.Values], results, new ImportCounts(created, updated, unchanged, errors));
    }

    /// <summary>
    /// Writes the import, the contacts it created and changed, and each one's undo log entry, <paramref name="chunk"/>
    /// contacts per SaveChanges inside the caller's transaction (<see cref="ImportOptions.SaveChunk"/>), forgetting each
    /// chunk once saved.
    /// </summary>
    async Task SaveAsync(ContactImport import, List<Touched> touched, int chunk, CancellationToken ct)
    {
        db.Imports.Add(import);
        var pending = 0;
        foreach (var t in touched)
        {
            db.ImportedContacts.Add(new ImportedContact
            {
                ImportId = import.Id,
                ContactId = t.Contact.Id,
                Created = t.Created,
                Changes = JsonSerializer.Serialize(Diff(t.Original is null ? Blank : Snapshot(t.Original), Snapshot(t.Contact)), LogJson),
            });
            if (t.Original is null) db.Contacts.Add(t.Contact);
            // Attached as read, then given the plan's values (the copy takes them, so after the log entry): only the
            // fields that differ are written, and only while the contact is still at the version read, else the save
            // fails and the whole import with it.
            else db.Contacts.Attach(t.Original).CurrentValues.SetValues(t.Contact);
            if (++pending < chunk) continue;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            pending = 0;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Serialises applied imports per account, across every instance on the database: the plan reads the existing
    /// contacts and saves much later, so two imports of one file that overlap would each create every row. A no-op
    /// UPDATE of the account row takes its row lock on PostgreSQL (and SQLite's one write lock), held until commit;
    /// the next import of the account waits there and then reads what this one created. Null on InMemory, which
    /// has neither transactions nor a second instance.
    /// </summary>
    public async Task<IDbContextTransaction?> LockImportsAsync(Guid accountId, CancellationToken ct)
    {
        if (!db.Database.IsRelational()) return null;
        var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name), ct);
        return transaction;
    }

    /// <summary>The undo log of one import: a row per contact it created or changed.</summary>
    public Task<List<ImportedContact>> LogAsync(ContactImport import, CancellationToken ct) =>
        db.ImportedContacts.Where(e => e.ImportId == import.Id).ToListAsync(ct);

    /// <summary>An import applied after another, still in place, that changed fields the other one set (or a contact it created).</summary>
    public sealed record LaterImport(ContactImport Import, int Fields);

    /// <summary>
    /// The imports, still in place, that changed since <paramref name="import"/> a field it set on one of its contacts,
    /// or any field of a contact it created. Undoing <paramref name="import"/> first would leave their values standing
    /// (its fields no longer hold what it wrote) and their own undo would then restore <paramref name="import"/>'s
    /// values, so the API refuses it until they are undone: imports undo newest first.
    /// </summary>
    public async Task<List<LaterImport>> LaterImportsOnTopAsync(ContactImport import, List<ImportedContact> log, CancellationToken ct)
    {
        // An account holds few imports; "later" is the list's own order (time, then the time-ordered id) in memory.
        var candidates = (await db.Imports.AsNoTracking()
                .Where(i => i.AccountId == import.AccountId && i.UndoneAt == null && i.Id != import.Id && i.ImportedAt >= import.ImportedAt)
                .ToListAsync(ct))
            .Where(i => i.ImportedAt > import.ImportedAt || string.CompareOrdinal(i.Id.ToString(), import.Id.ToString()) > 0)
            .ToList();
        if (candidates.Count == 0) return [];
        var mine = log.ToDictionary(e => e.ContactId, e => (e.Created, Fields: FieldNames(e)));
        var ids = candidates.Select(i => i.Id).ToList();
        var theirs = await db.ImportedContacts.AsNoTracking().Where(e => ids.Contains(e.ImportId)).ToListAsync(ct);
        var later = new List<LaterImport>();
        foreach (var candidate in candidates.OrderByDescending(i => i.ImportedAt).ThenByDescending(i => i.Id.ToString(), StringComparer.Ordinal))
        {
            var fields = theirs.Where(e => e.ImportId == candidate.Id && mine.ContainsKey(e.ContactId)).Sum(e =>
            {
                var (created, set) = mine[e.ContactId];
                var changed = FieldNames(e);
                return created ? changed.Count : changed.Count(set.Contains);
            });
            if (fields > 0) later.Add(new LaterImport(candidate, fields));
        }
        return later;
    }

    static HashSet<string> FieldNames(ImportedContact entry) =>
        [.. (JsonSerializer.Deserialize<List<FieldChange>>(entry.Changes, LogJson) ?? []).Select(c => c.Field)];

    /// <summary>
    /// Takes an import back: deletes the contacts it created and restores the fields it changed — except where
    /// something changed them since (the user, a merge), which is kept and reported.
    /// </summary>
    public async Task<UndoImportResponse> UndoAsync(ContactImport import, List<ImportedContact> entries, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The whole account rather than "Id IN (…)": an import may touch 50,000 contacts, past providers' parameter limits.
        var contacts = await db.Contacts.Where(c => c.AccountId == import.AccountId).ToDictionaryAsync(c => c.Id, ct);
        var shared = (await db.Shares.Where(s => s.AccountId == import.AccountId && s.ContactId != null)
            .Select(s => s.ContactId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        var kept = new List<UndoKept>();
        int removed = 0, reverted = 0;

        foreach (var entry in entries)
        {
            var changes = JsonSerializer.Deserialize<List<FieldChange>>(entry.Changes, LogJson) ?? [];
            if (!contacts.TryGetValue(entry.ContactId, out var contact))
            {
                // A deleted contact's log was erased with them (no name either); a merged one's still names them.
                var name = changes.FirstOrDefault(c => c.Field == "name")?.After?.GetValue<string>() ?? "";
                kept.Add(new UndoKept(entry.ContactId, name, null, entry.Changes == ImportedContact.Erased
                    ? "The contact was deleted since the import, and what the import had written of them with it."
                    : "The contact was deleted or merged into another since the import."));
                continue;
            }
            if (entry.Created)
            {
                var after = changes.ToDictionary(c => c.Field, c => c.After);
                var edited = Contact.ImportFields.Keys.Where(f => !JsonNode.DeepEquals(Contact.ImportFields[f].Get(contact), after.GetValueOrDefault(f))).ToList();
                edited.AddRange(UserFields(contact));
                var wasShared = shared.Contains(contact.Id);
                if (edited.Count == 0 && !wasShared)
                {
                    db.Contacts.Remove(contact);
                    removed++;
                    continue;
                }
                // A share sets the last-contact date itself; naming the share says more than naming that field.
                if (wasShared) edited.Remove("lastContactedAt");
                var since = edited.Count > 0 ? $"changed since ({string.Join(", ", edited)})" : "";
                if (wasShared) since += since.Length > 0 ? " and shared with" : "shared with since";
                kept.Add(new UndoKept(contact.Id, contact.Name, null, $"Created by the import but {since}; kept."));
                continue;
            }
            var changed = false;
            foreach (var change in changes)
            {
                if (!Contact.ImportFields.TryGetValue(change.Field, out var field)) continue;
                if (JsonNode.DeepEquals(field.Get(contact), change.After))
                {
                    field.Set(contact, change.Before);
                    reverted++;
                    changed = true;
                }
                else
                {
                    kept.Add(new UndoKept(contact.Id, contact.Name, change.Field, "Changed since the import; kept."));
                }
            }
            if (changed)
            {
                contact.UpdatedAt = now;
                contact.Refresh(contactsOptions);
            }
        }
        import.UndoneAt = now;
        db.ImportedContacts.RemoveRange(entries);
        await db.SaveChangesAsync(ct);
        return new UndoImportResponse(import.Id, removed, reverted, kept);
    }

    /// <summary>Fields only a person sets; a created contact that has any of them is the user's now.</summary>
    static IEnumerable<string> UserFields(Contact c)
    {
        if (c.Interests.Count > 0) yield return "interests";
        if (c.Circle is not null) yield return "circle";
        if (c.KeepInTouchDays is not null) yield return "keepInTouchDays";
        if (c.LastContactedAt is not null) yield return "lastContactedAt";
        if (c.PreferredChannel is not null) yield return "preferredChannel";
        if (c.XHandle is not null) yield return "xHandle";
    }

    void Apply(Contact contact, ImportRow row, ImportFormat format)
    {
        // LinkedIn's export is each person's own, current profile; an address book's job title is whatever was typed years ago.
        var current = format == ImportFormat.LinkedIn;
        // A field the user edited by hand since it was imported is theirs: never replaced, refilled or added to.
        bool Mine(string field) => contact.UserFields.Contains(field);
        contact.Headline = Replace(contact.Headline, row.Headline, current, Mine("headline"), "headline", row);
        contact.Company = Replace(contact.Company, row.Company, current, Mine("company"), "company", row);

        contact.Email = Fill(contact.Email, row.Email, Mine("email"), "email", row, ContactKeys.Email);
        contact.Phone = Fill(contact.Phone, row.Phone, Mine("phone"), "phone", row, p => new string([.. p!.Where(char.IsDigit)]));
        contact.LinkedInUrl = Fill(contact.LinkedInUrl, row.LinkedInUrl, Mine("linkedInUrl"), "LinkedIn URL", row, ContactKeys.LinkedIn);
        if (row.ConnectedOn is { } connected) contact.ConnectedOn = connected;

        if (row.Notes is { } notes && !Mine("notes") && (contact.Notes is null || !contact.Notes.Contains(notes, StringComparison.Ordinal)))
        {
            var combined = contact.Notes is null ? notes : contact.Notes + "\n\n" + notes;
            if (combined.Length <= ImportRow.MaxNotes) contact.Notes = combined;
            else row.Warnings.Add($"The notes were not added: with them the contact's notes would pass {ImportRow.MaxNotes:N0} characters.");
        }

        var tags = Phrases.Normalize(contact.Tags.Concat(Mine("tags") ? [] : row.Tags));
        if (tags.Count > ImportRow.MaxTags)
        {
            row.Warnings.Add($"A contact has at most {ImportRow.MaxTags} tags; {tags.Count - ImportRow.MaxTags} were left out.");
            tags = tags[..ImportRow.MaxTags];
        }
        if (tags.Count != contact.Tags.Count) contact.Tags = tags;

        var suggested = suggester.Suggest(row.Titles, row.Hints, contact.Interests.Concat(contact.SuggestedInterests).Concat(contact.DismissedInterests));
        if (suggested.Count > 0) contact.SuggestedInterests = [.. contact.SuggestedInterests, .. suggested];
    }

    /// <summary>
    /// Headline and company: replaced from a current source (LinkedIn), else only filled — unless the user wrote
    /// their own, which is kept and the file's value reported.
    /// </summary>
    static string? Replace(string? existing, string? incoming, bool current, bool mine, string what, ImportRow row)
    {
        if (incoming is null || incoming == existing) return existing;
        if (mine)
        {
            row.Warnings.Add(existing is null
                ? $"You removed the {what}; the file's {incoming} was left out."
                : $"Kept your {what} {existing}; the file has {incoming}.");
            return existing;
        }
        return current || existing is null ? incoming : existing;
    }

    /// <summary>Identity fields are filled, never replaced: the one the user has may be the better one. A different value is reported.</summary>
    static string? Fill(string? existing, string? incoming, bool mine, string what, ImportRow row, Func<string?, string?> key)
    {
        if (incoming is null) return existing;
        // The user emptied it on purpose: refilling it would undo that.
        if (existing is null) return mine ? null : incoming;
        if (key(existing) != key(incoming)) row.Warnings.Add($"Kept the contact's {what} {existing}; the file has {incoming}.");
        return existing;
    }

    static readonly Dictionary<string, JsonNode?> Blank = Contact.ImportFields.Keys.ToDictionary(f => f, _ => (JsonNode?)null);

    static Dictionary<string, JsonNode?> Snapshot(Contact contact) => Contact.ImportFields.ToDictionary(f => f.Key, f => f.Value.Get(contact));

    static List<FieldChange> Diff(Dictionary<string, JsonNode?> before, Dictionary<string, JsonNode?> after) =>
        [.. Contact.ImportFields.Keys
            .Where(f => !JsonNode.DeepEquals(before[f], after[f]))
            .Select(f => new FieldChange(f, before[f], after[f]))];

    /// <summary>An account's contacts by the keys rows are matched on; contacts created by earlier rows are added as the plan goes.</summary>
    sealed class ContactIndex
    {
        readonly Dictionary<string, Contact> byLinkedIn = [];
        readonly Dictionary<string, Contact> byEmail = [];
        readonly Dictionary<string, List<Contact>> byName = [];

        public ContactIndex(IEnumerable<Contact> contacts)
        {
            foreach (var contact in contacts) Add(contact);
        }

        public void Add(Contact contact)
        {
            if (ContactKeys.LinkedIn(contact.LinkedInUrl) is { } url) byLinkedIn.TryAdd(url, contact);
            if (ContactKeys.Email(contact.Email) is { } email) byEmail.TryAdd(email, contact);
            var name = ContactKeys.Name(contact.Name);
            if (name.Length == 0) return;
            if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
            if (!list.Contains(contact)) list.Add(contact);
        }

        public (Contact? Match, string? By) Find(ImportRow row)
        {
            var url = ContactKeys.LinkedIn(row.LinkedInUrl);
            if (url is not null && byLinkedIn.TryGetValue(url, out var found)) return (found, "linkedInUrl");
            var email = ContactKeys.Email(row.Email);
            if (email is not null && byEmail.TryGetValue(email, out found)) return (found, "email");

            var name = ContactKeys.Name(row.Name);
            if (name.Length == 0 || !byName.TryGetValue(name, out var namesakes)) return (null, null);
            // A different LinkedIn profile is a different person, however alike the names.
            var candidates = namesakes.Where(c => !Differ(ContactKeys.LinkedIn(c.LinkedInUrl), url)).ToList();
            var company = ContactKeys.Company(row.Company);
            if (company.Length > 0 && candidates.FirstOrDefault(c => ContactKeys.Company(c.Company) == company) is { } colleague)
                return (colleague, "nameAndCompany");
            if (namesakes.Count == 1 && candidates.Count == 1
                && (company.Length == 0 || ContactKeys.Company(candidates[0].Company).Length == 0)
                && !Differ(ContactKeys.Email(candidates[0].Email), email))
                return (candidates[0], "name");
            return (null, null);
        }

        static bool Differ(string? a, string? b) => a is not null && b is not null && a != b;
    }
}
