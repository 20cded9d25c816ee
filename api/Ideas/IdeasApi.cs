using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using Microsoft.AspNetCore.Http.HttpResults;
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
        services.AddSingleton<DueList>();
        return services;
    }

    /// <summary>Who is due (or within a few days of due) a note, most valuable first, each with the best thing to send.</summary>
    /// <param name="limit">People listed (default 10).</param>
    static async Task<Results<Ok<KeepInTouchResponse>, ValidationProblem>> KeepInTouch(
        CurrentUser me, AppDb db, DueList due, SuggestionPipeline pipeline, CancellationToken ct, int? limit = null)
    {
        var o = due.Options;
        if (limit is { } l && (l < 1 || l > o.MaxLimit))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxLimit}."] });
        var (listed, counts) = await due.ListAsync(db, me.AccountId, limit ?? o.DefaultLimit, ct);
        var (found, matching) = await pipeline.IdeasAsync(db, me.AccountId, [.. listed.Select(d => d.Id)], perContact: 1, ct);
        var people = listed.Where(d => found.ContainsKey(d.Id)).Select(d =>
        {
            var person = found[d.Id];
            return new DueContact
            {
                Contact = person.Card,
                DaysOverdue = d.DaysOverdue,
                Idea = person.Ideas.FirstOrDefault(),
                NoIdeaReason = person.NoIdeaReason,
            };
        }).ToList();
        return TypedResults.Ok(new KeepInTouchResponse
        {
            Due = counts.Due,
            Soon = counts.Soon,
            WithIdeas = people.Count(p => p.Idea is not null),
            Contacts = people,
            Matching = matching,
        });
    }

    /// <summary>"What should I send them?": the best articles from the reading list for one contact.</summary>
    /// <param name="limit">Ideas returned (default 5).</param>
    static async Task<Results<Ok<ContactIdeasResponse>, ValidationProblem, NotFound>> Ideas(
        Guid id, CurrentUser me, AppDb db, SuggestionPipeline pipeline, IOptions<KeepInTouchOptions> options, CancellationToken ct, int? limit = null)
    {
        var o = options.Value;
        if (limit is { } l && (l < 1 || l > o.MaxIdeas))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxIdeas}."] });
        var (found, matching) = await pipeline.IdeasAsync(db, me.AccountId, [id], limit ?? o.DefaultIdeas, ct);
        if (!found.TryGetValue(id, out var person)) return TypedResults.NotFound();
        return TypedResults.Ok(new ContactIdeasResponse
        {
            Contact = person.Card,
            Ideas = person.Ideas,
            NoIdeaReason = person.NoIdeaReason,
            Matching = matching,
        });
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
