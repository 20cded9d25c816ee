using System.ComponentModel.DataAnnotations;
using ContentHelper.Shared.Suggestions;
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

/// <param name="LastUsedAt">When the token last signed a request in (to within a minute); null if never.</param>
public sealed record TokenResponse(Guid Id, string? Name, DateTime CreatedAt, bool Current, DateTime? LastUsedAt = null);

/// <summary>
/// How this server lets people in, for the extension's first run: open registration, and the identity provider's
/// name when OpenID Connect sign-in is on (then <paramref name="SignInUrl"/> is the page the extension opens).
/// </summary>
public sealed record SignInOptionsResponse(bool OpenRegistration, string? IdentityProvider, string? SignInUrl);

/// <summary>The extension's half of the browser sign-in: the one-time code the account page gave, and the PKCE verifier.</summary>
public sealed record ExchangeCodeRequest
{
    [Required, StringLength(100)]
    public string? Code { get; init; }

    /// <summary>The secret whose SHA-256 (base64url) the extension sent as the challenge when it opened the sign-in page.</summary>
    [Required, StringLength(128, MinimumLength = 43)]
    public string? Verifier { get; init; }
}

/// <summary>Open <paramref name="Url"/> in a browser to link this account to an identity at the provider; valid until <paramref name="ExpiresAt"/>.</summary>
public sealed record LinkIdentityResponse(string Url, DateTime ExpiresAt);

public sealed record CreateTokenResponse(Guid Id, string Token);

/// <param name="UseImplicitInterests">Whether contacts are also matched on what is known of them (headline, company, tags, notes, what was sent to them), below their typed interests.</param>
/// <param name="Tone">How drafts read when the popup does not choose.</param>
/// <param name="LearnVoice">Whether drafts learn the user's greeting, sign-off, length and closing line from the notes they sent.</param>
public sealed record MeResponse(Guid AccountId, string Name, IReadOnlyList<string> Interests, bool UseImplicitInterests = true,
    DraftTone Tone = DraftTone.Warm, bool LearnVoice = true);

/// <summary>
/// What drafts have learned of how the user writes, from their latest sent notes: null for what is not learned (yet).
/// Greeting: "Hey {0}!" with {0} for the first name, "" for none.
/// </summary>
public sealed record VoiceResponse(bool Enabled, int LearnedFrom, string? Greeting, string? SignOff, int? Sentences, string? Closing);

public sealed record UpdateMeRequest
{
    [Required, StringLength(200), PlainText]
    public string? Name { get; init; }

    /// <summary>The user's own interests: a contact who shares one counts extra.</summary>
    [PhraseList(50, 100)]
    public List<string>? Interests { get; init; }

    /// <summary>Match contacts on their headline, company, tags, notes and what was sent to them too; null leaves it as it is.</summary>
    public bool? UseImplicitInterests { get; init; }

    /// <summary>How drafts read when the popup does not say; null leaves it as it is.</summary>
    public DraftTone? Tone { get; init; }

    /// <summary>Learn the user's voice from the notes they send; null leaves it as it is.</summary>
    public bool? LearnVoice { get; init; }
}
