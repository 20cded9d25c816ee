namespace ContentHelper.Api.Matching;

/// <summary>
/// What the user's own choices say of one contact: the articles they shared with them (more like these) and those
/// they marked "not for them" (none like these), each as the article's mean passage vector, newest first — with the
/// shared ones' titles, which a reason names.
/// </summary>
internal sealed record ContactFeedback(IReadOnlyList<(float[] Vector, string? Title)> Sent, IReadOnlyList<float[]> Refused);
