using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Contacts;

namespace ContentHelper.Shared.Shares;

public enum ShareAction
{
    /// <summary>A private message.</summary>
    Send,
    /// <summary>A public post that mentions the contact.</summary>
    Tag,
}

public sealed record CreateShareRequest
{
    [Required, MinLength(1), MaxLength(50)]
    public List<Guid>? ContactIds { get; init; }

    [Required, Url, StringLength(2048)]
    public string? Url { get; init; }

    [StringLength(500)]
    public string? Title { get; init; }

    [Required]
    public ShareAction? Action { get; init; }

    [Required]
    public Channel? Channel { get; init; }

    [StringLength(10_000)]
    public string? Message { get; init; }

    /// <summary>The same key twice returns the first result and records nothing new.</summary>
    [Required, StringLength(100, MinimumLength = 8)]
    public string? IdempotencyKey { get; init; }
}

public sealed record ShareResponse(
    Guid Id,
    Guid? ContactId,
    string ContactName,
    string Url,
    string? Title,
    ShareAction Action,
    Channel Channel,
    string? Message,
    DateTime SharedAt);

public sealed record CreateSharesResponse(IReadOnlyList<ShareResponse> Shares, bool Replayed);
