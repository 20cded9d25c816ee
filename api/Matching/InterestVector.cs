namespace ContentHelper.Api.Matching;

/// <summary>
/// The stored embedding of one normalised interest phrase. Shared by every contact of every account that states
/// the phrase, so each phrase is embedded once, ever (per model).
/// </summary>
public sealed class InterestVector
{
    public required string Phrase { get; set; }
    /// <summary>Vectors of different models are not comparable; a new model re-embeds.</summary>
    public required string Model { get; set; }
    /// <summary>384 little-endian float32 values.</summary>
    public required byte[] Vector { get; set; }
}
