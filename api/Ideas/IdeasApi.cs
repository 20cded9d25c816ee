using ContentHelper.Api.Accounts;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Matching;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Suggestions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Ideas;

/// <summary>Bound from the "KeepInTouch" config section.</summary>
public sealed class KeepInTouchOptions
{
    /// <summary>People whose keep-in-touch date is at most this many days ahead are listed as soon due.</summary>
    public int SoonDays { get; set; } = 7;

    /// <summary>People listed when the request names no limit, and the most it may ask for.</summary>
    public int DefaultLimit { get; set; } = 10;
    public int MaxLimit { get; set; } = 50;

    /// <summary>Ideas for one contact when the request names no limit, and the most it may ask for.</summary>
    public int DefaultIdeas { get; set; } = 5;
    public int MaxIdeas { get; set; } = 20;

    /// <summary>A snooze without a length lasts this long.</summary>
    public int SnoozeDays { get; set; } = 7;

    /// <summary>
    /// How overdue counts in the order, as a share of the cadence (capped here): a strategic contact a little late
    /// still comes before a loose tie long forgotten, and years of silence do not outweigh the circle.
    /// </summary>
    public double OverdueCap { get; set; } = 1.0;
}

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
        services.AddSingleton<RememberedArticles>();
        services.AddSingleton<IdeaFinder>();
        services.AddSingleton<IdeaSources>();
        return services;
    }

    /// <summary>Who is due (or within a few days of due) a note, most valuable first, each with the best thing to send.</summary>
    /// <param name="limit">People listed (default 10).</param>
    static async Task<Results<Ok<KeepInTouchResponse>, ValidationProblem>> KeepInTouch(
        CurrentUser me, AppDb db, IdeaSources sources, IOptions<KeepInTouchOptions> options, IOptions<ContactsOptions> contactsOptions,
        IOptions<SuggestionsOptions> suggestionsOptions, TimeProvider clock, CancellationToken ct, int? limit = null)
    {
        var o = options.Value;
        if (limit is { } l && (l < 1 || l > o.MaxLimit))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxLimit}."] });
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddDays(o.SoonDays);
        var listable = db.Contacts.AsNoTracking().Where(c => c.AccountId == me.AccountId && c.NextContactDue != null
            && c.NextContactDue <= horizon && (c.SnoozedUntil == null || c.SnoozedUntil <= now));
        // The order depends on today through each person's cadence, so no stored key sorts everyone; but among people
        // of one circle and one cadence it is the earliest date first. So the database counts each such group (one
        // pass over an index that covers it) and hands over each group's first few by date (a seek on the same
        // index); only those few are ranked here. The groups are a dozen circles and the cadences typed by hand.
        var groups = await listable.GroupBy(c => new { c.Circle, c.KeepInTouchDays })
            .Select(g => new { g.Key.Circle, g.Key.KeepInTouchDays, Listable = g.Count(), Due = g.Count(c => c.NextContactDue <= now) })
            .ToListAsync(ct);
        var take = limit ?? o.DefaultLimit;
        var candidates = new List<(Guid Id, Circle? Circle, int? KeepInTouchDays, DateTime NextContactDue)>();
        foreach (var group in groups)
            candidates.AddRange((await listable.Where(c => c.Circle == group.Circle && c.KeepInTouchDays == group.KeepInTouchDays)
                .OrderBy(c => c.NextContactDue).ThenBy(c => c.Id).Take(take)
                .Select(c => new { c.Id, c.NextContactDue }).ToListAsync(ct))
                .Select(c => (c.Id, group.Circle, group.KeepInTouchDays, c.NextContactDue!.Value)));
        var circles = suggestionsOptions.Value;
        double Value(Circle? circle, int? keepInTouchDays, DateTime next)
        {
            var cadence = contactsOptions.Value.CadenceFor(circle, keepInTouchDays) ?? 365;
            var circleFactor = circle is { } c && circles.CircleFactors.TryGetValue(c, out var f) ? f : circles.NoCircleFactor;
            return circleFactor + Math.Min(o.OverdueCap, (now - next).TotalDays / cadence);
        }
        var listed = candidates
            .OrderByDescending(d => Value(d.Circle, d.KeepInTouchDays, d.NextContactDue))
            .ThenBy(d => d.NextContactDue).ThenBy(d => d.Id)
            .Take(take)
            .Select(d => d.Id).ToList();

        var found = await sources.IdeasForAsync(db, me.AccountId, listed, perContact: 1, now, ct);
        var people = listed.Where(found.Contacts.ContainsKey).Select(id =>
        {
            var contact = found.Contacts[id];
            var idea = found.Ideas.GetValueOrDefault(id)?.FirstOrDefault();
            return new DueContact
            {
                Contact = idea?.Suggestion.Contact ?? found.Describe(contact),
                DaysOverdue = (int)Math.Floor((now - (contact.NextContactDue ?? now)).TotalDays),
                Idea = idea,
                NoIdeaReason = idea is null ? found.NoIdeaReason(id) : null,
            };
        }).ToList();
        return TypedResults.Ok(new KeepInTouchResponse
        {
            Due = groups.Sum(g => g.Due),
            Soon = groups.Sum(g => g.Listable - g.Due),
            WithIdeas = people.Count(p => p.Idea is not null),
            Contacts = people,
            Matching = found.Matching,
        });
    }

    /// <summary>"What should I send them?": the best articles from the reading list for one contact.</summary>
    /// <param name="limit">Ideas returned (default 5).</param>
    static async Task<Results<Ok<ContactIdeasResponse>, ValidationProblem, NotFound>> Ideas(
        Guid id, CurrentUser me, AppDb db, IdeaSources sources, IOptions<KeepInTouchOptions> options, TimeProvider clock,
        CancellationToken ct, int? limit = null)
    {
        var o = options.Value;
        if (limit is { } l && (l < 1 || l > o.MaxIdeas))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {o.MaxIdeas}."] });
        var found = await sources.IdeasForAsync(db, me.AccountId, [id], limit ?? o.DefaultIdeas, clock.GetUtcNow().UtcDateTime, ct);
        if (!found.Contacts.TryGetValue(id, out var contact)) return TypedResults.NotFound();
        var ideas = found.Ideas.GetValueOrDefault(id) ?? [];
        return TypedResults.Ok(new ContactIdeasResponse
        {
            Contact = ideas.FirstOrDefault()?.Suggestion.Contact ?? found.Describe(contact),
            Ideas = ideas,
            NoIdeaReason = ideas.Count == 0 ? found.NoIdeaReason(id) : null,
            Matching = found.Matching,
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

/// <summary>
/// What both routes read to find ideas: the contacts, a small index of their interests, the reading list in memory,
/// their share history and "not now"s, the user's own interests; and the cards built from what the finder chose.
/// </summary>
internal sealed class IdeaSources(
    InterestIndexes indexes, RememberedArticles remembered, IdeaFinder finder, InterestMatcher matcher, TextEmbedder embedder,
    MessageDrafter drafter, IOptions<ContactsOptions> contactsOptions)
{
    public sealed class Found(Dictionary<Guid, Contact> contacts, Dictionary<Guid, List<Idea>> ideas, Dictionary<Guid, SuggestionRanker.Held> held,
        bool anyArticles, MatchingMode matching, ContactsOptions contactsOptions, DateTime now)
    {
        public Dictionary<Guid, Contact> Contacts => contacts;
        public Dictionary<Guid, List<Idea>> Ideas => ideas;
        public MatchingMode Matching => matching;

        public string NoIdeaReason(Guid id) =>
            !anyArticles ? "Nothing in your reading list yet: articles you read with the popup are kept here for the people they fit."
            : held.TryGetValue(id, out var why) ? why switch
            {
                SuggestionRanker.Held.AlreadySent => "You have sent them everything from your reading that fits them.",
                SuggestionRanker.Held.Dismissed => "You chose \"not now\" for everything from your reading that fits them.",
                SuggestionRanker.Held.CoolingDown => "They heard from you in the last few days; give it a little time.",
                _ => "They have had several articles from you this month; give it a rest.",
            }
            : "Nothing you read lately fits what they care about.";

        /// <summary>The contact as a suggestion shows them, for a person with no idea.</summary>
        public SuggestedContact Describe(Contact contact) => new()
        {
            Id = contact.Id, Name = contact.Name, Headline = contact.Headline, Company = contact.Company, Circle = contact.Circle,
            LastContactedAt = contact.LastContactedAt, DaysSinceContact = contact.DaysSinceContact(now),
            CadenceDays = contactsOptions.CadenceFor(contact), NextContactDue = contact.NextContactDue, ConnectedOn = contact.ConnectedOn,
            Overdue = contact.NextContactDue is { } due && due <= now, Notes = contact.Notes,
        };
    }

    public async Task<Found> IdeasForAsync(AppDb db, Guid accountId, IReadOnlyList<Guid> ids, int perContact, DateTime now, CancellationToken ct)
    {
        // Each person is read once, in full: the cards and their interest index both come from these rows.
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId && ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var articles = await remembered.ForAccountAsync(db, accountId, ct);
        var matching = SuggestionCards.Mode(articles.Any(a => a.Analysis.HasVectors) ? MatchMode.Combined : matcher.CurrentMode, embedder.State);
        if (contacts.Count == 0 || articles.Count == 0)
            return new Found(contacts, [], [], articles.Count > 0, matching, contactsOptions.Value, now);

        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.Name, a.Interests, a.UseImplicitInterests }).SingleAsync(ct);
        var index = await indexes.ForContactsAsync(db, accountId, [.. ids.Where(contacts.ContainsKey).Select(id => contacts[id])], account.UseImplicitInterests, ct);
        var found = contacts.Keys.ToList();
        var shares = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.ContactId != null && found.Contains(s.ContactId.Value))
            .Select(s => new PastShare(s.ContactId!.Value, s.UrlKey, s.TitleKey, s.SharedAt, s.Title))
            .ToListAsync(ct);
        var dismissed = (await db.Dismissals.AsNoTracking()
            .Where(d => d.AccountId == accountId && found.Contains(d.ContactId))
            .Select(d => new { d.ContactId, d.UrlKey }).ToListAsync(ct)).Select(d => (d.ContactId, d.UrlKey)).ToHashSet();

        var (chosen, held) = finder.Find(contacts, index, articles, shares, dismissed, account.Interests, perContact, now);
        var lastShares = shares.Where(s => s.Title is { Length: > 0 }).GroupBy(s => s.ContactId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.SharedAt)!);
        var ideas = chosen.ToDictionary(c => c.Key, c => c.Value.Select(idea => new Idea
        {
            Article = idea.Article.Row.AsResponse(),
            Suggestion = SuggestionCards.Build(idea.Ranked, ReadingList.AsArticle(idea.Article.Row), idea.Article.Row.Url, null, account.Name,
                idea.Article.Row.PublicFriendly, drafter, lastShares.GetValueOrDefault(c.Key), contactsOptions.Value, now),
        }).ToList());
        return new Found(contacts, ideas, held, true, matching, contactsOptions.Value, now);
    }
}
