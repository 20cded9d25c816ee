using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Matching;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Topics;

namespace ContentHelper.Shared.Suggestions;

/// <summary>The popup's one call: the page the user is on, as the browser has it.</summary>
public sealed record SuggestionsRequest
{
    [Required, Url, StringLength(2048)]
    public string? Url { get; init; }

    /// <summary>The page's HTML (document.documentElement.outerHTML).</summary>
    [Required, Html]
    public string? Html { get; init; }

    /// <summary>Text the user selected on the page, quoted in the drafted messages.</summary>
    [StringLength(2000)]
    public string? Selection { get; init; }

    [Range(1, 50)]
    public int? Limit { get; init; }

    /// <summary>How the drafts read; null takes the account's <c>Tone</c> setting.</summary>
    public DraftTone? Tone { get; init; }
}

/// <summary>How a drafted note reads.</summary>
public enum DraftTone
{
    /// <summary>Two sentences, a bare greeting, the first name to sign.</summary>
    Brief,
    /// <summary>A friendly greeting, a personal line, three sentences or so.</summary>
    Warm,
    /// <summary>"Dear …", no contractions, "Best regards".</summary>
    Formal,
}

public sealed record SuggestionsResponse
{
    public required ArticleSummary Article { get; init; }
    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];
    /// <summary>One public post that tags several matched contacts, when some suit a public mention.</summary>
    public GroupTag? GroupTag { get; init; }
    /// <summary>Why nobody is suggested (not an article, no contacts, no interest fits…); null when there are suggestions.</summary>
    public string? NoMatchReason { get; init; }
    /// <summary>How interests were matched for this answer, so the popup can say when meaning-matching is not on yet.</summary>
    public MatchingMode Matching { get; init; }
}

public enum MatchingMode
{
    /// <summary>By meaning and by words: the embedding model was used.</summary>
    Semantic,
    /// <summary>By words only, because the model is still loading after a start; semantic follows shortly.</summary>
    WarmingUp,
    /// <summary>By words only, for good: the model is switched off or failed to load.</summary>
    Lexical,
    /// <summary>By words only, for this page: it is in another script than the Latin alphabet (Chinese, Russian…), which the meaning model cannot read (<see cref="ArticleSummary.Language"/> says which).</summary>
    OtherLanguage,
    /// <summary>By meaning and by words, on a page in another language of the Latin alphabet (French, German…): the meaning model reads English best, so it may miss people.</summary>
    OtherLanguageByMeaning,
}

public sealed record ArticleSummary
{
    public required string Url { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Title { get; init; }
    public string? SiteName { get; init; }
    public string? Excerpt { get; init; }
    /// <summary>The language the article is written in, told from its text (ISO 639-1: "en", "de").</summary>
    public string? Language { get; init; }
    public IReadOnlyList<TopicResponse> Topics { get; init; } = [];
    public bool IsArticle { get; init; }
    public string? NotArticleReason { get; init; }
}

public sealed record Suggestion
{
    public required SuggestedContact Contact { get; init; }
    /// <summary>Final score in [0, 1]: relevance combined with the relationship factors.</summary>
    public double Score { get; init; }
    public required ScoreParts ScoreParts { get; init; }
    /// <summary>Strong: the interest is plainly what the article is about; possible: related, worth a look.</summary>
    public MatchStrength Strength { get; init; }
    /// <summary>Why this contact: their interest, in their own words, and what in the article serves it.</summary>
    public IReadOnlyList<MatchReasonResponse> Reasons { get; init; } = [];
    public ShareAction Action { get; init; }
    /// <summary>The channel the main button opens.</summary>
    public Channel Channel { get; init; }
    public required DraftMessage Message { get; init; }
    public IReadOnlyList<ShareLink> Links { get; init; } = [];
}

public sealed record SuggestedContact
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Headline { get; init; }
    public string? Company { get; init; }
    public Circle? Circle { get; init; }
    public DateTime? LastContactedAt { get; init; }
    public int? DaysSinceContact { get; init; }
    /// <summary>The keep-in-touch cadence in force (their own, or their circle's).</summary>
    public int? CadenceDays { get; init; }
    /// <summary>When the next touch is due: the cadence after the last contact (or the day you connected).</summary>
    public DateTime? NextContactDue { get; init; }
    /// <summary>When the user connected with them on LinkedIn, for someone never contacted since.</summary>
    public DateOnly? ConnectedOn { get; init; }
    public bool Overdue { get; init; }
    /// <summary>The contact's notes (Markdown), so the user can personalise the draft.</summary>
    public string? Notes { get; init; }
}

/// <summary>Every factor of the score, each in [0, 1] before its weight.</summary>
public sealed record ScoreParts
{
    public double Relevance { get; init; }
    public double Overdue { get; init; }
    public double Staleness { get; init; }
    public double Circle { get; init; }
    public double SharedInterest { get; init; }
}

/// <summary>The drafted note for the suggested channel: a subject for an email only; the text the user edits and sends.</summary>
public sealed record DraftMessage(string? Subject, string Text);

/// <summary>A link that opens a pre-filled share; <see cref="ClipboardText"/> is copied first where the channel cannot be pre-filled.</summary>
public sealed record ShareLink(Channel Channel, ShareAction Action, string Label, string Url, string? ClipboardText);

public sealed record GroupTag(IReadOnlyList<Guid> ContactIds, string Text, IReadOnlyList<ShareLink> Links);

public sealed record DismissRequest
{
    [Required]
    public Guid? ContactId { get; init; }

    [Required, Url, StringLength(2048)]
    public string? Url { get; init; }

    /// <summary>
    /// "Not for them" rather than "not now": this kind of article is not for this person. Besides hiding the article,
    /// later suggestions for them weigh against articles like it.
    /// </summary>
    public bool NotForThem { get; init; }
}
