namespace ContentHelper.Api.Ideas;

/// <summary>Bound from the "KeepInTouch" config section.</summary>
public sealed class KeepInTouchOptions
{
    /// <summary>People whose keep-in-touch date is at most this many days ahead are listed as soon due.</summary>
    public int SoonDays { get; set; } = 7;

    /// <summary>
    /// People listed when the request names no limit, and the most it may ask for: also the most that the week's plan
    /// holds (the most valuable of those due), over which the ideas are counted whatever the request lists.
    /// </summary>
    public int DefaultLimit { get; set; } = 10;
    public int MaxLimit { get; set; } = 50;

    /// <summary>Weeks ahead for which the page says how many people come due (imports plan first notes weeks ahead).</summary>
    public int UpcomingWeeks { get; set; } = 4;

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
