namespace ContentHelper.Api.Accounts;

/// <summary>Bound from the "Accounts" config section.</summary>
public sealed class AccountsOptions
{
    /// <summary>Anyone who can reach the server may create an account. Fine for the local single-user setup; turn off for shared servers.</summary>
    public bool OpenRegistration { get; set; } = true;
}
