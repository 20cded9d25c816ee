namespace ContentHelper.Api.Topics;

/// <summary>Tunables of <see cref="TopicExtractor"/>, bound from the "Topics" configuration section.</summary>
public sealed class TopicsOptions
{
    /// <summary>How many topics an article reports.</summary>
    public int MaxTopics { get; set; } = 12;

    /// <summary>Longest key phrase, in content words. Four-word phrases are almost always fragments of a sentence.</summary>
    public int MaxPhraseWords { get; set; } = 3;

    /// <summary>Paragraphs at the start of the body that count as the lead (news puts the story there).</summary>
    public int LeadParagraphs { get; set; } = 2;

    /// <summary>Weight of one occurrence in the title; body occurrences weigh 1.</summary>
    public double TitleWeight { get; set; } = 3.0;

    /// <summary>Weight of one occurrence in a heading.</summary>
    public double HeadingWeight { get; set; } = 2.0;

    /// <summary>Weight of one occurrence in the excerpt or lead paragraphs.</summary>
    public double LeadWeight { get; set; } = 1.5;

    /// <summary>Weight of a keyword the page declares about itself (article:tag, keywords).</summary>
    public double TagWeight { get; set; } = 2.5;

    /// <summary>Boost for capitalised runs (names of people, companies, places), which carry most of a story's identity.</summary>
    public double NamedBoost { get; set; } = 1.3;
}
