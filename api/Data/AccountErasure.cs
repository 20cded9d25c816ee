using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Data;

/// <summary>
/// Deleting an account: every row of it, in every table, in one transaction on every provider. Here in Data because
/// the account's rows belong to every feature (contacts, shares, imports, the reading list, "not now"s, tokens),
/// which Accounts, below them all, may not name.
/// </summary>
public static class AccountErasure
{
    /// <summary>Deletes the account and all it owns; false if it was gone already.</summary>
    public static async Task<bool> EraseAccountAsync(this AppDb db, Guid accountId, CancellationToken ct)
    {
        if (!db.Database.IsRelational()) return await EraseTrackedAsync(db, accountId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Children before parents, each table by name: the foreign keys' cascades would do most of it, but a table
        // added later without one must not outlive its account quietly. The undo log has no account column; it goes
        // with its imports.
        var imports = db.Imports.Where(i => i.AccountId == accountId).Select(i => i.Id);
        await db.ImportedContacts.Where(e => imports.Contains(e.ImportId)).ExecuteDeleteAsync(ct);
        await db.Imports.Where(i => i.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Dismissals.Where(d => d.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Shares.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.ReadingListArticles.Where(a => a.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Contacts.Where(c => c.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.ApiTokens.Where(t => t.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.SignInCodes.Where(c => c.AccountId == accountId).ExecuteDeleteAsync(ct);
        await db.ExternalLogins.Where(l => l.AccountId == accountId).ExecuteDeleteAsync(ct);
        var deleted = await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted > 0;
    }

    /// <summary>The InMemory store (a throwaway demo) has neither bulk deletes nor transactions: one SaveChanges.</summary>
    static async Task<bool> EraseTrackedAsync(AppDb db, Guid accountId, CancellationToken ct)
    {
        var imports = await db.Imports.Where(i => i.AccountId == accountId).ToListAsync(ct);
        var importIds = imports.Select(i => i.Id).ToList();
        db.ImportedContacts.RemoveRange(await db.ImportedContacts.Where(e => importIds.Contains(e.ImportId)).ToListAsync(ct));
        db.Imports.RemoveRange(imports);
        db.Dismissals.RemoveRange(await db.Dismissals.Where(d => d.AccountId == accountId).ToListAsync(ct));
        db.Shares.RemoveRange(await db.Shares.Where(s => s.AccountId == accountId).ToListAsync(ct));
        db.ReadingListArticles.RemoveRange(await db.ReadingListArticles.Where(a => a.AccountId == accountId).ToListAsync(ct));
        db.Contacts.RemoveRange(await db.Contacts.Where(c => c.AccountId == accountId).ToListAsync(ct));
        db.ApiTokens.RemoveRange(await db.ApiTokens.Where(t => t.AccountId == accountId).ToListAsync(ct));
        db.SignInCodes.RemoveRange(await db.SignInCodes.Where(c => c.AccountId == accountId).ToListAsync(ct));
        db.ExternalLogins.RemoveRange(await db.ExternalLogins.Where(l => l.AccountId == accountId).ToListAsync(ct));
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is not null) db.Accounts.Remove(account);
        await db.SaveChangesAsync(ct);
        return account is not null;
    }
}
