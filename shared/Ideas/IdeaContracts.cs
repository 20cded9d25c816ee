using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Shared.Ideas;

/// <summary>An article from the reading list for one contact, with the reasons, draft and links of a suggestion.</summary>
public sealed record Idea
{
    public required RecentArticleResponse Article { get; init; }
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
    public Idea? Idea { get; init; }
    /// <summary>Why there is no idea, when there is none.</summary>
    public string? NoIdeaReason { get; init; }
}

/// <summary>GET /api/keep-in-touch: who is due a note, most valuable first (circle, how overdue), each with its best idea.</summary>
public sealed record KeepInTouchResponse
{
    /// <summary>People past their keep-in-touch date (not snoozed): the toolbar badge.</summary>
    public int Due { get; init; }
    /// <summary>People whose date falls within the next few days.</summary>
    public int Soon { get; init; }
    /// <summary>How many of the people listed have something from the reading list to send.</summary>
    public int WithIdeas { get; init; }
    public IReadOnlyList<DueContact> Contacts { get; init; } = [];
    public MatchingMode Matching { get; init; }
}

/// <summary>POST /api/contacts/{id}/snooze: leave them off the keep-in-touch page for a while.</summary>
public sealed record SnoozeRequest
{
    /// <summary>Days to snooze; a week when left out.</summary>
    [Range(1, 365)]
    public int? Days { get; init; }
}
