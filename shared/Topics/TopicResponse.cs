namespace ContentHelper.Shared.Topics;

/// <summary>A key phrase or named thing of an article; <see cref="Weight"/> is relative to the article's strongest topic (1).</summary>
public sealed record TopicResponse(string Phrase, double Weight);
