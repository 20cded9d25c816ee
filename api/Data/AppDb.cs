using ContentHelper.Api.Accounts;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ContentHelper.Api.Data;

/// <summary>
/// The one model for every provider. Each relational provider has a subclass only so that it can own its
/// migrations (Data/Migrations/Sqlite, Data/Migrations/Postgres); handlers always take <see cref="AppDb"/>.
/// </summary>
public class AppDb : DbContext, IDataProtectionKeyContext
{
    public AppDb(DbContextOptions<AppDb> options) : base(options) { }
    protected AppDb(DbContextOptions options) : base(options) { }

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Share> Shares => Set<Share>();
    public DbSet<Dismissal> Dismissals => Set<Dismissal>();
    public DbSet<InterestVector> InterestVectors => Set<InterestVector>();
    public DbSet<ContactImport> Imports => Set<ContactImport>();
    public DbSet<ImportedContact> ImportedContacts => Set<ImportedContact>();
    public DbSet<ReadingListArticle> ReadingListArticles => Set<ReadingListArticle>();
    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();
    public DbSet<SignInCode> SignInCodes => Set<SignInCode>();
    /// <summary>
    /// ASP.NET Core's data-protection keys (sign-in cookies, the provider round trip, form tokens): in the database, so
    /// that every instance behind a load balancer reads what another wrote.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        NextVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        NextVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    /// <summary>
    /// Every changed contact gets a new version; the old one stays the UPDATE's condition (a concurrency token). A new
    /// contact starts at a random version, not 0, so that the account's version sum (what tells a cached interest
    /// index it is stale) moves when one contact is deleted and another created, even where the change time cannot
    /// show it (an instance whose clock is behind). Far from overflow: 2³⁰ edits remain.
    /// </summary>
    void NextVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Contact>())
            if (entry.State == EntityState.Modified) entry.Entity.Version++;
            else if (entry.State == EntityState.Added) entry.Entity.Version = Random.Shared.Next(1, 1 << 30);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every timestamp is UTC. SQLite hands DateTime back as Unspecified; marking it Utc on the way
        // out keeps JSON ("...Z") and comparisons right, and Npgsql's timestamptz requires Utc going in.
        builder.Properties<DateTime>().HaveConversion<UtcConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcConverter>();
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Account>(e =>
        {
            e.Property(a => a.Name).HasMaxLength(200);
        });
        model.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
            e.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ExternalLogin>(e =>
        {
            e.Property(l => l.Issuer).HasMaxLength(400);
            e.Property(l => l.Subject).HasMaxLength(200);
            e.Property(l => l.Email).HasMaxLength(320);
            e.HasIndex(l => new { l.Issuer, l.Subject }).IsUnique();
            e.HasIndex(l => l.AccountId).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SignInCode>(e =>
        {
            e.HasIndex(c => c.Hash).IsUnique();
            e.HasIndex(c => c.ExpiresAt);
            e.Property(c => c.Challenge).HasMaxLength(100);
            e.Property(c => c.TokenName).HasMaxLength(100);
            e.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Contact>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Notes).HasMaxLength(10_000);
            e.HasIndex(c => new { c.AccountId, c.Name });
            e.HasIndex(c => new { c.AccountId, c.SortName });
            e.HasIndex(c => new { c.AccountId, c.NextContactDue });
            // The keep-in-touch page: per circle and cadence, the earliest dates first and a count, from the index
            // alone (it covers the snooze test too).
            e.HasIndex(c => new { c.AccountId, c.Circle, c.KeepInTouchDays, c.NextContactDue, c.Id, c.SnoozedUntil })
                .HasDatabaseName("IX_Contacts_KeepInTouch");
            // "These few of the account's contacts": without statistics SQLite would rather walk every row of the
            // account on another index (AccountId, SortName) than look the ids up; with this one it seeks both.
            e.HasIndex(c => new { c.AccountId, c.Id });
            // Every suggestion asks whether the account's contacts changed (count, newest change, sum of versions):
            // from this index alone, not by reading each contact's row.
            e.HasIndex(c => new { c.AccountId, c.UpdatedAt, c.Version }).HasDatabaseName("IX_Contacts_Changes");
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Share>(e =>
        {
            e.Property(s => s.Url).HasMaxLength(2048);
            e.Property(s => s.IdempotencyKey).HasMaxLength(100);
            e.HasIndex(s => new { s.AccountId, s.SharedAt });
            e.HasIndex(s => new { s.AccountId, s.ContactId });
            e.Property(s => s.UrlKey).HasMaxLength(2048);
            e.Property(s => s.TitleKey).HasMaxLength(500);
            // One row per contact per key: a retried request cannot record twice, even when two race.
            e.HasIndex(s => new { s.AccountId, s.IdempotencyKey, s.ContactId }).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Contact>().WithMany().HasForeignKey(s => s.ContactId).OnDelete(DeleteBehavior.SetNull);
        });
        model.Entity<ContactImport>(e =>
        {
            e.Property(i => i.FileName).HasMaxLength(260);
            e.HasIndex(i => new { i.AccountId, i.ImportedAt });
            e.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ImportedContact>(e =>
        {
            e.HasKey(c => new { c.ImportId, c.ContactId });
            e.HasOne<ContactImport>().WithMany().HasForeignKey(c => c.ImportId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<InterestVector>(e =>
        {
            e.HasKey(v => new { v.Model, v.Phrase });
            e.Property(v => v.Phrase).HasMaxLength(200);
            e.Property(v => v.Model).HasMaxLength(100);
        });
        model.Entity<ReadingListArticle>(e =>
        {
            // The table keeps the name it had before the reading list had one name.
            e.ToTable("RecentArticles");
            e.Property(a => a.Url).HasMaxLength(2048);
            e.Property(a => a.UrlKey).HasMaxLength(2048);
            e.Property(a => a.TitleKey).HasMaxLength(500);
            e.Property(a => a.VectorModel).HasMaxLength(100);
            e.HasIndex(a => new { a.AccountId, a.UrlKey }).IsUnique();
            e.HasIndex(a => new { a.AccountId, a.ReadAt });
            e.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Dismissal>(e =>
        {
            e.Property(d => d.UrlKey).HasMaxLength(2048);
            e.HasIndex(d => new { d.AccountId, d.ContactId, d.UrlKey }).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Contact>().WithMany().HasForeignKey(d => d.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteAppDb : AppDb
{
    public SqliteAppDb(DbContextOptions<SqliteAppDb> options) : base(options) =>
        // A lone UPDATE … RETURNING outside a transaction can meet another writer mid-statement and fail at once
        // with "database is locked"; in a transaction (BEGIN IMMEDIATE) it first waits for the write lock, with retries.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
}

public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        // A list column added to a table with rows needs a default there. SQLite's JSON text gets '[]' by itself;
        // a PostgreSQL array gets none (and a List default would compare by reference, so the model would never settle).
        model.Entity<Contact>().Property(c => c.SuggestedInterests).HasDefaultValueSql("'{}'");
        model.Entity<Contact>().Property(c => c.DismissedInterests).HasDefaultValueSql("'{}'");
        model.Entity<Contact>().Property(c => c.UserFields).HasDefaultValueSql("'{}'");
        model.Entity<Share>().Property(s => s.Topics).HasDefaultValueSql("'{}'");
    }
}

public static class Conflicts
{
    /// <summary>
    /// Runs <paramref name="work"/> again, from a clean change tracker, when another request changed or deleted its
    /// rows between its read and its save. Only for work that is safe to repeat (idempotent); anything else lets
    /// the <see cref="DbUpdateConcurrencyException"/> through, which the API answers with 409.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(this AppDb db, Func<Task<T>> work, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
