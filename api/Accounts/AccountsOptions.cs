namespace ContentHelper.Api.Accounts;

/// <summary>Bound from the "Accounts" config section.</summary>
public sealed class AccountsOptions
{
    /// <summary>Anyone who can reach the server may create an account. Fine for the local single-user setup; turn off for shared servers.</summary>
    public bool OpenRegistration { get; set; } = true;

    /// <summary>
    /// Tokens one account may hold (one per browser or device, a few for scripts); past it, creating one is a 409
    /// until one is revoked. Rate limits count per account too, so more tokens would buy nothing but clutter.
    /// </summary>
    public int MaxTokens { get; set; } = 20;

    /// <summary>
    /// How exact a token's last-used time is: a request writes it only when the stored one is older than this, so a
    /// busy extension costs one small write a minute, not one per request.
    /// </summary>
    public TimeSpan LastUsedPrecision { get; set; } = TimeSpan.FromMinutes(1);
}
