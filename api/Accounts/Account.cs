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
}
