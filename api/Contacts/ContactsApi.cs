using ContentHelper.Api.Accounts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Contacts;

internal static class ContactsApi
{
    public static RouteGroupBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contacts").WithTags("Contacts").RequireAuthorization();
        group.MapGet("/", ListContacts);
        group.MapGet("/{id:guid}", GetContact);
        group.MapPost("/", CreateContact);
        group.MapPut("/{id:guid}", UpdateContact);
        group.MapDelete("/{id:guid}", DeleteContact);
        return group;
    }

    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddOptions<ContactsOptions>().BindConfiguration("Contacts");
        services.AddOptions<ImportOptions>().BindConfiguration("Import");
        services.AddSingleton<ImplicitInterests>();
        return services;
    }

    public enum ContactSort { Name, Overdue, Recent }

    /// <param name="circle">strategic, mentor, sponsor, peer, sector, outOfSector, geographic, superConnector, local, specialist, informationGenerator or social.</param>
    /// <param name="q">Matches name, company, headline, email and interests (case-insensitive substring).</param>
    /// <param name="interest">An exact interest phrase (case-insensitive).</param>
    /// <param name="overdue">Only contacts whose keep-in-touch date has passed.</param>
    /// <param name="sort">name (default), overdue (most overdue first) or recent (latest contact first).</param>
    static async Task<Results<Ok<PagedResponse<ContactResponse>>, ValidationProblem>> ListContacts(
        CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock, CancellationToken ct,
        string? q = null, string? circle = null, string? interest = null, bool? overdue = null,
        string? sort = null, int page = 1, int pageSize = 50)
    {
        var check = new QueryErrors().Paging(page, pageSize);
        var inCircle = check.Enum<Circle>(circle, "circle");
        var order = check.Enum<ContactSort>(sort, "sort") ?? ContactSort.Name;
        if (check.Problem is { } invalid) return invalid;
        var now = clock.GetUtcNow().UtcDateTime;

        var query = db.Contacts.AsNoTracking().Where(c => c.AccountId == me.AccountId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            query = query.Where(c => c.SearchText.Contains(term));
        }
        if (inCircle is not null) query = query.Where(c => c.Circle == inCircle);
        if (!string.IsNullOrWhiteSpace(interest))
        {
            var key = "|" + string.Join(' ', interest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant() + "|";
            query = query.Where(c => c.InterestKey.Contains(key));
        }
        if (overdue == true) query = query.Where(c => c.NextContactDue != null && c.NextContactDue <= now);
        if (overdue == false) query = query.Where(c => c.NextContactDue == null || c.NextContactDue > now);

        // Every order ends on Id so that pages never overlap or skip rows.
        query = order switch
        {
            ContactSort.Overdue => query.OrderBy(c => c.NextContactDue == null).ThenBy(c => c.NextContactDue).ThenBy(c => c.Id),
            ContactSort.Recent => query.OrderBy(c => c.LastContactedAt == null).ThenByDescending(c => c.LastContactedAt).ThenBy(c => c.Id),
            _ => query.OrderBy(c => c.SortName).ThenBy(c => c.Name).ThenBy(c => c.Id),
        };
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResponse<ContactResponse>(
            rows.Select(c => c.AsResponse(options.Value, now)).ToList(), page, pageSize, total));
    }

    static async Task<Results<Ok<ContactResponse>, NotFound>> GetContact(
        Guid id, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock, CancellationToken ct) =>
        await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == me.AccountId, ct) is { } contact
            ? TypedResults.Ok(contact.AsResponse(options.Value, clock.GetUtcNow().UtcDateTime))
            : TypedResults.NotFound();

    static async Task<Created<ContactResponse>> CreateContact(
        ContactRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var contact = new Contact { AccountId = me.AccountId, Name = "", CreatedAt = now };
        request.ApplyTo(contact, now, options.Value);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/contacts/{contact.Id}", contact.AsResponse(options.Value, now));
    }

    static async Task<Results<Ok<ContactResponse>, NotFound>> UpdateContact(
        Guid id, ContactRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == me.AccountId, ct);
        if (contact is null) return TypedResults.NotFound();
        // The version the client read becomes the UPDATE's condition: an edit based on an older read is a 409.
        if (request.Version is { } version) db.Entry(contact).Property(c => c.Version).OriginalValue = version;
        var now = clock.GetUtcNow().UtcDateTime;
        var before = contact.ImportedValues();
        request.ApplyTo(contact, now, options.Value);
        // What the user changes by hand is theirs from now on: a re-import must not undo it.
        contact.ClaimEditedFields(before);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(contact.AsResponse(options.Value, now));
    }

    static Task<Results<NoContent, NotFound>> DeleteContact(Guid id, CurrentUser me, AppDb db, CancellationToken ct) =>
        // Deleting is idempotent: an edit that slipped in between the read and the delete is simply read again.
        db.RetryOnConflictAsync<Results<NoContent, NotFound>>(async () =>
        {
            // Shares keep the contact's name and lose only the link (ON DELETE SET NULL): history is never lost.
            var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == me.AccountId, ct);
            if (contact is null) return TypedResults.NotFound();
            db.Contacts.Remove(contact);
            // The undo log would keep what imports wrote of them (email, headline, profile) after they are gone. Its
            // rows stay, emptied, so that undoing the import can still say the contact was deleted since; same save.
            var imports = await db.Imports.Where(i => i.AccountId == me.AccountId).Select(i => i.Id).ToListAsync(ct);
            foreach (var entry in await db.ImportedContacts.Where(e => imports.Contains(e.ImportId) && e.ContactId == id).ToListAsync(ct))
                entry.Changes = ImportedContact.Erased;
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        });

    static void ApplyTo(this ContactRequest request, Contact contact, DateTime now, ContactsOptions options)
    {
        contact.Name = request.Name!.Trim();
        contact.Headline = Clean(request.Headline);
        contact.Company = Clean(request.Company);
        contact.Email = Clean(request.Email);
        contact.Phone = Clean(request.Phone);
        contact.LinkedInUrl = Clean(request.LinkedInUrl);
        contact.XHandle = Clean(request.XHandle)?.TrimStart('@');
        contact.Interests = Phrases.Normalize(request.Interests);
        contact.Circle = request.Circle;
        contact.KeepInTouchDays = request.KeepInTouchDays;
        // An edit form sends back the value it read; only a changed value is a new manual entry.
        var lastContacted = request.LastContactedAt?.AsUtc();
        if (lastContacted != contact.LastContactedAt)
            contact.LastContactedAt = contact.LastContactedManuallyAt = lastContacted;
        contact.Notes = request.Notes;
        contact.PreferredChannel = request.PreferredChannel;
        contact.Tags = Phrases.Normalize(request.Tags);
        if (request.UseImplicitInterests is { } useImplicit) contact.UseImplicitInterests = useImplicit;
        contact.UpdatedAt = now;
        contact.Refresh(options);
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
