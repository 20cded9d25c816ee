using ContentHelper.Api.Accounts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Contacts;

internal static class DuplicatesApi
{
    public static RouteGroupBuilder MapDuplicates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contacts").WithTags("Duplicates").RequireAuthorization();
        group.MapGet("/duplicates", ListDuplicates);
        group.MapPost("/{id:guid}/merge", MergeContacts);
        return group;
    }

    /// <summary>Groups of contacts that are probably one person (same LinkedIn URL, email, phone, name + company, or a near-identical name).</summary>
    static async Task<Ok<DuplicatesResponse>> ListDuplicates(
        CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.AccountId == me.AccountId).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var groups = DuplicateFinder.Find(contacts, options.Value.EffectivePhoneRegion)
            .Select(g => new DuplicateGroup([.. g.Contacts.Select(c => c.AsResponse(options.Value, now))], g.Reasons))
            .ToList();
        return TypedResults.Ok(new DuplicatesResponse(groups));
    }

    /// <summary>
    /// Folds the other contacts into {id} and deletes them: interests, tags and notes are combined, empty fields
    /// filled, differing values kept in the notes, and their share history moves to {id}.
    /// </summary>
    static async Task<Results<Ok<MergeContactsResponse>, ValidationProblem, NotFound, ProblemHttpResult>> MergeContacts(
        Guid id, MergeContactsRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var otherIds = request.OtherIds!.Distinct().ToList();
        if (otherIds.Contains(id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["otherIds"] = ["A contact cannot be merged into itself."] });
        var ids = otherIds.Append(id).ToList();
        var contacts = await db.Contacts.Where(c => c.AccountId == me.AccountId && ids.Contains(c.Id)).ToListAsync(ct);
        if (contacts.FirstOrDefault(c => c.Id == id) is not { } survivor) return TypedResults.NotFound();
        var missing = otherIds.Where(o => contacts.All(c => c.Id != o)).ToList();
        if (missing.Count > 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown contact",
                detail: "No contact with id " + string.Join(", ", missing) + ".");

        var others = otherIds.Select(o => contacts.First(c => c.Id == o)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        if (ContactMerger.Merge(survivor, others, options.Value, now) is { } full)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [full] = [$"Merged, the contact's {full} would pass its limit ({(full == "notes" ? $"{ContactMerger.MaxNotes:N0} characters" : $"{ContactMerger.MaxPhrases} items")}); shorten them first."],
            });
        }

        // Loaded rather than updated in SQL: one request may have sent an article to both records of this person,
        // and (account, idempotency key, contact) is unique, so such a share needs a key of its own once it moves.
        var shares = await db.Shares.Where(s => s.AccountId == me.AccountId && s.ContactId != null && otherIds.Contains(s.ContactId.Value)).ToListAsync(ct);
        var keys = (await db.Shares.Where(s => s.ContactId == id).Select(s => s.IdempotencyKey).ToListAsync(ct)).ToHashSet();
        foreach (var share in shares)
        {
            if (!keys.Add(share.IdempotencyKey))
                share.IdempotencyKey = $"{share.IdempotencyKey[..Math.Min(share.IdempotencyKey.Length, 60)]}~merged~{share.Id:N}";
            share.ContactId = id;
        }
        db.Contacts.RemoveRange(others);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new MergeContactsResponse(survivor.AsResponse(options.Value, now), otherIds, shares.Count));
    }
}
