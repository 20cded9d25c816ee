using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Ideas;

/// <summary>
/// The keep-in-touch loop: who is due a note and what from the reading list to send them; one contact's ideas; snooze.
/// Everything a suggestion has — reasons, draft, links, guardrails — comes from the same code as the popup's.
/// </summary>
internal static class IdeasApi
{
    public static RouteGroupBuilder MapIdeas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/keep-in-touch", KeepInTouch).WithTags("Keep in touch").RequireAuthorization();
        var contact = app.MapGroup("/api/contacts/{id:guid}").WithTags("Keep in touch").RequireAuthorization();
        contact.MapGet("/ideas", Ideas);
        contact.MapPost("/snooze", Snooze);
        contact.MapDelete("/snooze", Unsnooze);
        return contact;
    }

    public static IServiceCollection AddIdeas(this IServiceCollection services)
    {
        services.AddOptions<KeepInTouchOptions>().BindConfiguration("KeepInTouch");
        services.AddSingleton<KeepInTouchPlanner>();
        return services;
    }

    /// <summary>The query of both pages: how many to list (people, or ideas for one person), and how the drafts read.</summary>
    /// <param name="Limit">How many: people listed (default 10), or ideas for one contact (default 5).</param>
    /// <param name="Tone">How the drafts read; the account's tone when absent.</param>
    internal sealed record IdeasQuery([FromQuery(Name = "limit")] int? Limit = null, [FromQuery(Name = "tone")] DraftTone? Tone = null);

    /// <summary>Who is due (or within a few days of due) a note, most valuable first, each with the best thing to send.</summary>
    static async Task<Results<Ok<KeepInTouchResponse>, ValidationProblem>> KeepInTouch(
        [AsParameters] IdeasQuery query, CurrentUser me, AppDb db, KeepInTouchPlanner planner, CancellationToken ct)
    {
        var o = planner.Options;
        if (query.Limit is { } l && (l < 1 || l > o.MaxLimit))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxLimit}."] });
        return TypedResults.Ok(await planner.PageAsync(db, me.AccountId, query.Limit ?? o.DefaultLimit, ct, query.Tone));
    }

    /// <summary>"What should I send them?": the best articles from the reading list for one contact.</summary>
    static async Task<Results<Ok<ContactIdeasResponse>, ValidationProblem, NotFound>> Ideas(
        Guid id, [AsParameters] IdeasQuery query, CurrentUser me, AppDb db, KeepInTouchPlanner planner, CancellationToken ct)
    {
        var o = planner.Options;
        if (query.Limit is { } l && (l < 1 || l > o.MaxIdeas))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxIdeas}."] });
        return await planner.IdeasAsync(db, me.AccountId, id, query.Limit ?? o.DefaultIdeas, ct, query.Tone) is { } ideas ? TypedResults.Ok(ideas) : TypedResults.NotFound();
    }

    static async Task<Results<Ok<ContactResponse>, NotFound>> Snooze(
        Guid id, SnoozeRequest? request, CurrentUser me, AppDb db, IOptions<KeepInTouchOptions> options, IOptions<ContactsOptions> contactsOptions,
        TimeProvider clock, CancellationToken ct) =>
        await SetSnooze(id, me, db, contactsOptions.Value, clock, now => now.AddDays(request?.Days ?? options.Value.SnoozeDays), ct);

    static async Task<Results<Ok<ContactResponse>, NotFound>> Unsnooze(
        Guid id, CurrentUser me, AppDb db, IOptions<ContactsOptions> contactsOptions, TimeProvider clock, CancellationToken ct) =>
        await SetSnooze(id, me, db, contactsOptions.Value, clock, _ => null, ct);

    // Not an edit of the person: UpdatedAt (and with it the interest index) stays as it is.
    static async Task<Results<Ok<ContactResponse>, NotFound>> SetSnooze(
        Guid id, CurrentUser me, AppDb db, ContactsOptions contactsOptions, TimeProvider clock, Func<DateTime, DateTime?> until, CancellationToken ct)
    {
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == me.AccountId, ct);
        if (contact is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        contact.SnoozedUntil = until(now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(contact.AsResponse(contactsOptions, now));
    }
}
