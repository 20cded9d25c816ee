using ContentHelper.Shared.Contacts;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// Bound from the "Suggestions" config section. The final score is relevance × (1 + r·relationship + s·specific)
/// / (1 + r + s), where relationship is the weighted mean of the factors below (each in [0, 1]) and specific is
/// 1 / (1 + log₂(1 + topics the best interest covers)): relevance decides, and the relationship and a specific
/// interest only order people of similar fit.
/// </summary>
public sealed class SuggestionsOptions
{
    /// <summary>
    /// Longest one suggestions call may take, from parse to the last draft (the parse has its own, shorter budget,
    /// Articles:TimeBudget). Past it the suggestions drafted so far are the answer, or 503 when none are.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Run the whole suggestion path once on a built-in article as the server starts (<see cref="SuggestionsWarmup"/>),
    /// so that the first click does not pay for compiling it. Off in the unit tests, which start hundreds of apps.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Suggestions returned when the request names no limit.</summary>
    public int DefaultLimit { get; set; } = 5;

    /// <summary>
    /// How far the relationship can move a contact: at most this share of its relevance. Small, so that being overdue
    /// orders people who fit about equally and never lifts a weak fit over a strong one.
    /// </summary>
    public double RelationshipShare { get; set; } = 0.1;

    /// <summary>
    /// Beside the first suggestion, others are suggested only at this share of its relevance or more: a person sends
    /// an article to the few it is squarely for, not to everyone it brushes. 0 turns it off. Chosen on the graded
    /// network and confirmed on the second one (docs/matching.md).
    /// </summary>
    public double RelativeFloor { get; set; } = 0.85;

    /// <summary>How far a specific interest ("space exploration") moves a contact ahead of a broad one ("science") that fits as well.</summary>
    public double SpecificityShare { get; set; } = 0.1;

    /// <summary>Weight of being past the keep-in-touch date (factor: days overdue ÷ cadence, capped at 1).</summary>
    public double OverdueWeight { get; set; } = 0.5;

    /// <summary>Weight of time since last contact (factor: 1 − e^(−days/StalenessDays); 0.5 when never recorded).</summary>
    public double StalenessWeight { get; set; } = 0.5;

    /// <summary>Days of silence at which staleness reaches 63% of its maximum.</summary>
    public double StalenessDays { get; set; } = 180;

    /// <summary>Weight of the contact's circle (factor from <see cref="CircleFactors"/>).</summary>
    public double CircleWeight { get; set; } = 0.3;

    /// <summary>Weight of sharing the matched interest with the user (an interest in GET/PUT /api/me).</summary>
    public double SharedInterestWeight { get; set; } = 0.3;

    /// <summary>Strategic top-10 contacts first among equals; contacts without a circle lowest.</summary>
    public Dictionary<Circle, double> CircleFactors { get; set; } = new()
    {
        [Circle.Strategic] = 1.0,
        [Circle.Mentor] = 0.8,
        [Circle.Sponsor] = 0.8,
        [Circle.SuperConnector] = 0.6,
        [Circle.Peer] = 0.5,
        [Circle.Specialist] = 0.5,
        [Circle.InformationGenerator] = 0.4,
        [Circle.Sector] = 0.4,
        [Circle.OutOfSector] = 0.3,
        [Circle.Geographic] = 0.3,
        [Circle.Local] = 0.3,
        [Circle.Social] = 0.3,
    };

    /// <summary>Circle factor for contacts without a circle.</summary>
    public double NoCircleFactor { get; set; } = 0.2;

    /// <summary>Days after a share during which that contact is not suggested again…</summary>
    public int CooldownDays { get; set; } = 7;

    /// <summary>…unless the article's relevance to them is at least this (an exceptional match).</summary>
    public double ExceptionalRelevance { get; set; } = 0.9;

    /// <summary>Most shares to one contact in <see cref="CapWindowDays"/>; at the cap they are not suggested.</summary>
    public int MaxSharesPerContact { get; set; } = 4;

    public int CapWindowDays { get; set; } = 30;

    /// <summary>Most contacts tagged in one group post.</summary>
    public int GroupTagSize { get; set; } = 3;
}
