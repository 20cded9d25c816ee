using ContentHelper.Api.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Queues the interest phrases of every contact being written — typed ones and those read from their headline,
/// company, tags and notes — for embedding as the save happens, so that an edit or an import of thousands of
/// contacts is embedded in the background before the next suggestion asks for the vectors. Contacts knows nothing
/// of matching: this watches the database's saves instead.
/// </summary>
internal sealed class InterestPhraseWatcher(InterestIndexes indexes, ImplicitInterests implicitInterests) : SaveChangesInterceptor
{
    // Queued before the save commits: a phrase embedded for a save that then fails costs one vector and nothing else.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Queue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Queue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void Queue(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries<Contact>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var contact = entry.Entity;
            indexes.Enqueue(contact.Interests);
            if (contact.UseImplicitInterests)
                indexes.Enqueue(implicitInterests.For(ImplicitInterests.Of(contact)).Select(i => i.Interest));
        }
    }
}
