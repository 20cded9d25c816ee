using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Common;

namespace ContentHelper.Shared.Accounts;

public sealed record CreateAccountRequest
{
    [Required, StringLength(200), PlainText]
    public string? Name { get; init; }
}

public sealed record CreateAccountResponse(Guid AccountId, string Token);

public sealed record CreateTokenRequest
{
    /// <summary>A label for where the token is used, e.g. "Firefox at work".</summary>
    [StringLength(100), PlainText]
    public string? Name { get; init; }
}

public sealed record TokenResponse(Guid Id, string? Name, DateTime CreatedAt, bool Current);

public sealed record CreateTokenResponse(Guid Id, string Token);

/// <param name="UseImplicitInterests">Whether contacts are also matched on what is known of them (headline, company, tags, notes, what was sent to them), below their typed interests.</param>
public sealed record MeResponse(Guid AccountId, string Name, IReadOnlyList<string> Interests, bool UseImplicitInterests = true);

public sealed record UpdateMeRequest
{
    [Required, StringLength(200), PlainText]
    public string? Name { get; init; }

    /// <summary>The user's own interests: a contact who shares one counts extra.</summary>
    [PhraseList(50, 100)]
    public List<string>? Interests { get; init; }

    /// <summary>Match contacts on their headline, company, tags, notes and what was sent to them too; null leaves it as it is.</summary>
    public bool? UseImplicitInterests { get; init; }
}
