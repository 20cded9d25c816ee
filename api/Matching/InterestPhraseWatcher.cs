using System.Runtime.CompilerServices;
using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Queues the interest phrases of every contact being written — typed ones and those read from their headline,
/// company, tags and notes — for embedding as the save happens, in the share of its account, so that an edit or an
/// import of thousands of contacts is embedded in the background before the next suggestion asks for the vectors.
/// A save that deletes contacts, shares or an account, or changes what a contact's phrases are read from, asks for
/// a sweep of vectors no one uses any more once it has been saved; and once saved, which contacts it wrote tells the
/// account's cached index whom to read again. Contacts knows nothing of matching: this watches the database's saves instead.
/// </summary>
internal sealed class InterestPhraseWatcher(InterestIndexes indexes, ImplicitInterests implicitInterests) : SaveChangesInterceptor
{
    /// <summary>What a contact's interest phrases are read from; a change to any may leave a stored vector unused.</summary>
    static readonly HashSet<string> PhraseSources =
    [
        nameof(Contact.Interests), nameof(Contact.Headline), nameof(Contact.Company), nameof(Contact.Tags), nameof(Contact.Notes),
        nameof(Contact.DismissedInterests), nameof(Contact.UseImplicitInterests),
    ];

    // The saves that will want a sweep once they are done (the interceptor is shared by every context).
    readonly ConditionalWeakTable<DbContext, object> sweepAfterSave = [];
    // The contacts each save writes (account, contact, version; null when deleted), told to the indexes once it is saved.
    readonly ConditionalWeakTable<DbContext, List<(Guid, Guid, int?)>> contactsSaved = [];

    // Queued before the save commits: a phrase embedded for a save that then fails costs one vector and nothing else.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A sweep that ran before the deletion is saved would still see the deleted contact's phrases in use.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is not { } db) return;
        sweepAfterSave.Remove(db);
        contactsSaved.Remove(db);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    void Saving(DbContext? db)
    {
        if (db is null) return;
        var sweep = false;
        var saved = new List<(Guid, Guid, int?)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry)
            {
                case { Entity: Contact contact, State: EntityState.Added or EntityState.Modified }:
                    indexes.Enqueue(contact.AccountId, contact.UseImplicitInterests
                        ? contact.Interests.Concat(implicitInterests.For(ImplicitInterests.Of(contact)).Select(i => i.Interest))
                        : contact.Interests);
                    sweep |= entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && PhraseSources.Contains(p.Metadata.Name));
                    // The version is the one being written: AppDb raised it before the save reached here.
                    saved.Add((contact.AccountId, contact.Id, contact.Version));
                    break;
                case { Entity: Contact contact, State: EntityState.Deleted }:
                    sweep = true;
                    saved.Add((contact.AccountId, contact.Id, null));
                    break;
                case { Entity: Share or Account, State: EntityState.Deleted }:
                    sweep = true;
                    break;
            }
        }
        if (sweep) sweepAfterSave.AddOrUpdate(db, true);
        if (saved.Count > 0) contactsSaved.AddOrUpdate(db, saved);
    }

    void Saved(DbContext? db)
    {
        if (db is null) return;
        if (sweepAfterSave.Remove(db)) indexes.AskSweep();
        if (contactsSaved.TryGetValue(db, out var saved))
        {
            contactsSaved.Remove(db);
            foreach (var (accountId, contactId, version) in saved) indexes.Written(accountId, contactId, version);
        }
    }
}
