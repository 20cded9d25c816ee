using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Suggestions;

namespace ContentHelper.Api.Accounts;

public sealed class Account
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The user's own interests; a contact who shares one ranks higher.</summary>
    public List<string> Interests { get; set; } = [];
    /// <summary>Match contacts on what is known of them (headline, company, tags, notes, what was sent) as well as on their typed interests.</summary>
    public bool UseImplicitInterests { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    /// <summary>How drafts read when the popup does not say.</summary>
    public DraftTone Tone { get; set; } = DraftTone.Warm;
    /// <summary>Drafts take the user's greeting, sign-off, length and closing line from the notes they sent.</summary>
    public bool LearnVoice { get; set; } = true;
    /// <summary>What was learned of the user's voice is forgotten: notes sent before this are not read again (the shares stay).</summary>
    public DateTime? VoiceForgottenAt { get; set; }

    public MeResponse AsResponse() => new(Id, Name, Interests, UseImplicitInterests, Tone, LearnVoice);
}

/// <summary>A bearer token; only its SHA-256 is stored, so a database leak does not leak working tokens.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required byte[] Hash { get; set; }
    public string? Name { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When it last signed a request in, to within <see cref="AccountsOptions.LastUsedPrecision"/>.</summary>
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// The identity at an OpenID Connect provider that signs in to an account: the provider's issuer and its subject
/// (the "sub" claim, stable per person at one provider). One identity per account, one account per identity.
/// </summary>
public sealed class ExternalLogin
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string Issuer { get; set; }
    public required string Subject { get; set; }
    /// <summary>What the provider said at the last sign-in, to show on the account page; never used to match.</summary>
    public string? Email { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSignInAt { get; set; }
}

public enum SignInCodePurpose { Extension, Link }

/// <summary>
/// A one-time code of the browser sign-in, stored as its SHA-256 like tokens, in the database so that any instance
/// can redeem it. <see cref="SignInCodePurpose.Extension"/>: the account page approved a token for the extension,
/// which redeems the code with the verifier of <see cref="Challenge"/> (PKCE, RFC 7636). <see cref="SignInCodePurpose.Link"/>:
/// an account signed in by token asked to be linked to the identity of the next provider sign-in.
/// </summary>
public sealed class SignInCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required byte[] Hash { get; set; }
    public SignInCodePurpose Purpose { get; set; }
    public Guid AccountId { get; set; }
    public string? Challenge { get; set; }
    public string? TokenName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
