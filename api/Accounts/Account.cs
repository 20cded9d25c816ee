using ContentHelper.Shared.Accounts;

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

    public MeResponse AsResponse() => new(Id, Name, Interests, UseImplicitInterests);
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
