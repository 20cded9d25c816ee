using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContentHelper.Api.Data;

public static class Startup
{
    /// <summary>Migrates the schema, then greets a newcomer on an empty database (and seeds the demo when asked).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.MigrateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var logger = app.Logger;
        logger.LogInformation("Database: {Database}", Describe(db));
        await FillSortNamesAsync(db);
        await RefreshDueDatesAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<ContactsOptions>>().Value, logger);

        if (app.Configuration.GetValue<bool>("Seed:Demo") && !await db.Accounts.AnyAsync(a => a.Name == DemoAccountName))
        {
            var token = await SeedDemoAsync(db, scope.ServiceProvider);
            // Shown once, on the console of the person who asked for the demo; it is stored only as a hash.
            logger.LogInformation("Demo account created with {Count} contacts. Its token (shown once): {DemoToken}",
                DemoContacts.Length, token);
        }
        if (!await db.Accounts.AnyAsync())
        {
            logger.LogInformation(
                "No accounts yet. Create one with: curl -s -X POST {Url}/api/accounts -H 'Content-Type: application/json' -d '{{\"name\":\"Your name\"}}' " +
                "— then paste the token into the extension's options. API docs: {Url}/swagger",
                ServerUrl(app), ServerUrl(app));
        }
    }

    /// <summary>Contacts saved before the sort key existed get it once, in batches (an account may hold 50,000).</summary>
    static async Task FillSortNamesAsync(AppDb db)
    {
        const int Batch = 1000;
        var pending = await db.Contacts.CountAsync(c => c.SortName == "");
        for (var done = 0; done < pending; done += Batch)
        {
            var contacts = await db.Contacts.Where(c => c.SortName == "").OrderBy(c => c.Id).Take(Batch).ToListAsync();
            if (contacts.Count == 0) break;
            foreach (var contact in contacts) contact.SortName = PersonNames.SortKey(contact.Name);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Keep-in-touch dates follow the cadence rules in force. Rows saved under older rules (no cadence without a circle,
    /// counted from when a contact was added rather than when you connected, a first note due before the contact was
    /// added) or other settings get theirs again, first notes an import planned kept; only
    /// rows whose date moves are written, so a start with nothing to do reads one narrow column set and writes nothing.
    /// </summary>
    static async Task RefreshDueDatesAsync(AppDb db, ContactsOptions options, ILogger logger)
    {
        // A fresh in-memory store has no rows from before; bulk updates need a relational store.
        if (!db.Database.IsRelational()) return;
        const int Batch = 5000;
        var moved = 0;
        var total = await db.Contacts.CountAsync();
        for (var done = 0; done < total; done += Batch)
        {
            var rows = await db.Contacts.AsNoTracking().OrderBy(c => c.Id).Skip(done).Take(Batch)
                .Select(c => new { c.Id, c.Circle, c.KeepInTouchDays, c.LastContactedAt, c.ConnectedOn, c.CreatedAt, c.FirstNoteDue, c.RoundDays, c.NextContactDue })
                .ToListAsync();
            if (rows.Count == 0) break;
            var changes = rows.Select(r => (r.Id, r.NextContactDue, Due: new Contact
                {
                    Name = "", Circle = r.Circle, KeepInTouchDays = r.KeepInTouchDays, LastContactedAt = r.LastContactedAt,
                    ConnectedOn = r.ConnectedOn, CreatedAt = r.CreatedAt, FirstNoteDue = r.FirstNoteDue, RoundDays = r.RoundDays,
                }.DueDate(options)))
                .Where(r => r.Due != r.NextContactDue).ToList();
            if (changes.Count == 0) continue;
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var (id, _, due) in changes)
                await db.Contacts.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.NextContactDue, due));
            await transaction.CommitAsync();
            moved += changes.Count;
        }
        if (moved > 0) logger.LogInformation("Keep-in-touch dates recomputed for {Count} contacts under the cadence settings in force", moved);
    }

    /// <summary>Where the data lives, so that a user can find (and back up) the file; never a password.</summary>
    static string Describe(AppDb db)
    {
        if (!db.Database.IsRelational()) return "in memory (lost at restart)";
        var connectionString = db.Database.GetConnectionString() ?? "";
        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            return source.StartsWith("file:", StringComparison.Ordinal) || source == ":memory:"
                ? $"SQLite {source}"
                : $"SQLite file {Path.GetFullPath(source)}";
        }
        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {pg.Database} on {pg.Host}:{pg.Port}";
    }

    static string ServerUrl(WebApplication app) =>
        (app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "http://localhost:5080").Split(';')[0].TrimEnd('/');

    const string DemoAccountName = "Demo";

    static async Task<string> SeedDemoAsync(AppDb db, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ContactsOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var account = new Account { Name = DemoAccountName, CreatedAt = now, Interests = ["product management", "remote work"] };
        var token = TokenAuthentication.NewToken();
        db.Accounts.Add(account);
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Hash = TokenAuthentication.Hash(token), Name = "demo", CreatedAt = now });
        foreach (var (name, headline, company, circle, lastContactDays, interests, email, phone, xHandle, preferred) in DemoContacts)
        {
            var contact = new Contact
            {
                AccountId = account.Id, Name = name, Headline = headline, Company = company, Circle = circle,
                Email = email, Phone = phone, XHandle = xHandle, PreferredChannel = preferred,
                Interests = [.. interests], CreatedAt = now.AddDays(-400), UpdatedAt = now,
                LastContactedAt = lastContactDays is { } days ? now.AddDays(-days) : null,
                LastContactedManuallyAt = lastContactDays is { } d ? now.AddDays(-d) : null,
            };
            contact.Refresh(options);
            db.Contacts.Add(contact);
        }
        await db.SaveChangesAsync();
        return token;
    }

    // Example addresses only (example.com, the 555-01xx fictional range); nothing here reaches a real person.
    static readonly (string Name, string Headline, string Company, Circle Circle, int? LastContactDays, string[] Interests, string? Email, string? Phone, string? XHandle, Channel Preferred)[] DemoContacts =
    [
        ("Amara Okafor", "Head of Talent", "Northwind", Circle.Strategic, 200, ["remote hiring", "women in tech", "employer branding"], "amara@example.com", null, null, Channel.Email),
        ("Ben Carter", "Climate tech investor", "Greenfield Ventures", Circle.Sponsor, 45, ["carbon capture", "energy storage", "climate policy"], "ben@example.com", "+1 202 555 0142", null, Channel.WhatsApp),
        ("Chen Wei", "Staff ML engineer", "Contoso", Circle.Peer, 400, ["large language models", "AI safety", "open source"], "chen@example.com", null, "chenwei_ml", Channel.Email),
        ("Dana Levi", "Sports journalist", "The Daily Ledger", Circle.InformationGenerator, 20, ["premier league", "football tactics"], null, null, "danalevi", Channel.X),
        ("Elena García", "CFO", "Fabrikam", Circle.Mentor, 120, ["corporate finance", "interest rates", "mergers and acquisitions"], "elena@example.com", null, null, Channel.Email),
        ("Farid Haddad", "Product designer", "Litware", Circle.Social, 60, ["design systems", "accessibility"], null, "+1 202 555 0199", null, Channel.WhatsApp),
    ];
}
