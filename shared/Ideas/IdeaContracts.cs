using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Shared.Ideas;

/// <summary>An article from the reading list for one contact, with the reasons, draft and links of a suggestion.</summary>
public sealed record Idea
{
    public required ReadingListArticleResponse Article { get; init; }
    /// <summary>The contact suggested for it, as the popup would suggest them (reasons, strength, action, channel, draft, links).</summary>
    public required Suggestion Suggestion { get; init; }
}

/// <summary>GET /api/contacts/{id}/ideas: "what should I send them?" — the best recent reading for one contact.</summary>
public sealed record ContactIdeasResponse
{
    public required SuggestedContact Contact { get; init; }
    public IReadOnlyList<Idea> Ideas { get; init; } = [];
    /// <summary>Why there is no idea (nothing read fits them yet, all of it sent already, they just heard from you…); null when there are ideas.</summary>
    public string? NoIdeaReason { get; init; }
    public MatchingMode Matching { get; init; }
}

/// <summary>One person who is due (or soon due) a note, and the best thing from the reading list to send them, if any.</summary>
public sealed record DueContact
{
    /// <summary>Who, and how the relationship stands: last contact, cadence, when the next touch is due.</summary>
    public required SuggestedContact Contact { get; init; }
    /// <summary>Whole days past the keep-in-touch date; negative while it is still ahead (soon due).</summary>
    public int DaysOverdue { get; init; }
    /// <summary>
    /// For someone never contacted whose first note an import planned (it spreads a network over the weeks ahead): the
    /// day it was planned for. Say "first note planned for the week of …", not how overdue they are.
    /// </summary>
    public DateTime? FirstNote { get; init; }
    public Idea? Idea { get; init; }
    /// <summary>Why there is no idea, when there is none.</summary>
    public string? NoIdeaReason { get; init; }
}

/// <summary>
/// GET /api/keep-in-touch: this week's plan — who is due a note, most valuable first (circle, how overdue), each with
/// their best idea — and how many come due in the weeks after. The counts are the same whatever <c>limit</c> lists:
/// the toolbar badge, the reminder, the popup and the page read them alike.
/// </summary>
public sealed record KeepInTouchResponse
{
    /// <summary>People past their keep-in-touch date (not snoozed): the toolbar badge.</summary>
    public int Due { get; init; }
    /// <summary>People whose date falls within the next few days (a first note an import planned waits for its own week).</summary>
    public int Soon { get; init; }
    /// <summary>
    /// Of the people due, how many have something from the reading list to send — counted over all of them (the 50 most
    /// valuable, when more are due), not over the ones listed.
    /// </summary>
    public int WithIdeas { get; init; }
    /// <summary>The first <c>limit</c> people of the plan: those due, then those soon due.</summary>
    public IReadOnlyList<DueContact> Contacts { get; init; } = [];
    /// <summary>The next weeks (7 days each, from now) in which people come due who are not in this week's plan, with how many.</summary>
    public IReadOnlyList<UpcomingWeek> Upcoming { get; init; } = [];
    public MatchingMode Matching { get; init; }
}

/// <summary>People who come due in one of the weeks ahead, and the first day one of them does.</summary>
public sealed record UpcomingWeek(DateTime From, int People);

/// <summary>POST /api/contacts/{id}/snooze: leave them off the keep-in-touch page for a while.</summary>
public sealed record SnoozeRequest
{
    /// <summary>Days to snooze; a week when left out.</summary>
    [Range(1, 365)]
    public int? Days { get; init; }
}
