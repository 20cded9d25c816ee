using System.Security.Claims;
using ContentHelper.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Accounts;

/// <summary>Bound from the "Oidc" config section. Sign-in through an OpenID Connect provider is on when Authority and ClientId are set.</summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer address, e.g. https://keycloak.example.org/realms/team (its /.well-known/openid-configuration is read from there).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret of a confidential client; the code flow also uses PKCE, so a public client works without one.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The name shown on the sign-in button of the extension and on the account page.</summary>
    public string DisplayName { get; set; } = "your organisation";

    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>Where the provider sends the browser back to; register {server}/signin-oidc with the provider.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Refuse a provider whose metadata is not served over https. Only a provider on this machine, for tests, should turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long a sign-in on the account pages lasts (sliding). Extension tokens are separate and last until revoked.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the codes of the browser sign-in (extension and linking) stay redeemable.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Sign-in with the team's identity provider (OpenID Connect, code flow with PKCE): a session cookie for the account
/// pages (<see cref="AccountPages"/>) only. The API itself accepts bearer tokens alone, so a cookie can never make a
/// cross-site request to it count; the extension gets a token of its own through the account page.
/// </summary>
public static class OidcSignIn
{
    public const string SessionScheme = "Session";
    public const string ProviderScheme = "Oidc";
    /// <summary>The authentication property that carries a link code through the provider round trip.</summary>
    public const string LinkItem = "link";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AccountsOptions>().BindConfiguration("Accounts");
        services.AddOptions<OidcOptions>().BindConfiguration("Oidc");
        var oidc = config.GetSection("Oidc").Get<OidcOptions>() ?? new OidcOptions();
        if (!oidc.Enabled) return services;

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ContentHelper.Form";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication()
            .AddCookie(SessionScheme, o =>
            {
                o.Cookie.Name = "ContentHelper.Session";
                o.Cookie.HttpOnly = true;
                // Lax: sent when the provider sends the browser back with a GET, never with another site's POST.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = oidc.SessionLifetime;
                o.SlidingExpiration = true;
            })
            .AddOpenIdConnect(ProviderScheme, oidc.DisplayName, o =>
            {
                o.SignInScheme = SessionScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.CallbackPath = oidc.CallbackPath;
                o.ResponseType = "code";
                o.UsePkce = true;
                // The answer comes back as a GET (query), so the correlation and nonce cookies can be SameSite=Lax:
                // a form_post answer is a cross-site POST, which needs SameSite=None cookies, and browsers drop those
                // on plain http (a team's server behind a proxy on its first day, or a test on loopback).
                o.ResponseMode = "query";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over https (behind a proxy: with ASPNETCORE_FORWARDEDHEADERS_ENABLED).
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.MapInboundClaims = false; // keep "sub", "name", "email" as the provider wrote them
                o.SaveTokens = false; // the provider's tokens are not needed after sign-in
                o.Scope.Clear();
                foreach (var scope in oidc.Scopes) o.Scope.Add(scope);
                o.Events.OnTokenValidated = OnTokenValidated;
                o.Events.OnRemoteFailure = OnRemoteFailure;
            });
        return services;
    }

    /// <summary>The provider vouched for someone: find (or create, or link) their account and sign the session in as that account.</summary>
    static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var principal = context.Principal!;
        var subject = principal.FindFirst("sub");
        if (subject is null)
        {
            context.Fail("The identity provider named nobody (no 'sub' claim).");
            return;
        }
        var identity = new ProviderIdentity(
            principal.FindFirstValue("iss") ?? subject.Issuer, subject.Value,
            principal.FindFirstValue("name") ?? principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue("email"),
            principal.FindFirstValue("email"));
        context.Properties!.Items.TryGetValue(LinkItem, out var linkCode);
        context.Properties.Items.Remove(LinkItem); // spent: the session cookie need not carry it

        var outcome = await IdentityLinks.SignInAsync(db, identity, linkCode, now, context.HttpContext.RequestAborted);
        if (outcome.Error is { } error)
        {
            context.Fail(error);
            return;
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(TokenAuthentication.AccountClaim, outcome.AccountId.ToString())], SessionScheme));
    }

    /// <summary>A failed round trip (refused at the provider, a link that cannot be made) gets a page that says so, not a 500.</summary>
    static async Task OnRemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        await AccountPages.WriteFailureAsync(context.HttpContext, context.Failure?.Message ?? "The sign-in did not complete.");
    }

    /// <summary>The account the session cookie signs in, if any.</summary>
    public static async Task<Guid?> SessionAccountAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(SessionScheme);
        return result.Succeeded && Guid.TryParse(result.Principal.FindFirstValue(TokenAuthentication.AccountClaim), out var id) ? id : null;
    }

    public static OidcOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value;
}

public sealed record ProviderIdentity(string Issuer, string Subject, string? Name, string? Email);

/// <summary>Who a provider identity is here: its linked account, a new account on first sign-in, or an existing account it is being linked to.</summary>
internal static class IdentityLinks
{
    public sealed record Outcome(Guid AccountId, string? Error = null);

    public static async Task<Outcome> SignInAsync(AppDb db, ProviderIdentity identity, string? linkCode, DateTime now, CancellationToken ct)
    {
        var linked = await db.ExternalLogins.FirstOrDefaultAsync(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject, ct);
        if (linkCode is not null) return await LinkAsync(db, identity, linked, linkCode, now, ct);
        if (linked is not null)
        {
            linked.LastSignInAt = now;
            linked.Email = identity.Email;
            await db.SaveChangesAsync(ct);
            return new Outcome(linked.AccountId);
        }

        // First sign-in: the provider decides who may sign in, so this holds with Accounts:OpenRegistration off too.
        var account = new Account { Name = NameOf(identity), CreatedAt = now };
        db.Accounts.Add(account);
        db.ExternalLogins.Add(new ExternalLogin
        {
            AccountId = account.Id, Issuer = identity.Issuer, Subject = identity.Subject, Email = identity.Email, CreatedAt = now, LastSignInAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return new Outcome(account.Id);
        }
        catch (DbUpdateException)
        {
            // The same person's first sign-in raced in on another tab or instance: theirs created the account.
            db.ChangeTracker.Clear();
            var winner = await db.ExternalLogins.AsNoTracking().FirstAsync(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject, ct);
            return new Outcome(winner.AccountId);
        }
    }

    static async Task<Outcome> LinkAsync(AppDb db, ProviderIdentity identity, ExternalLogin? linked, string linkCode, DateTime now, CancellationToken ct)
    {
        var hash = TokenAuthentication.Hash(linkCode);
        var code = await db.SignInCodes.FirstOrDefaultAsync(c => c.Hash == hash && c.Purpose == SignInCodePurpose.Link, ct);
        if (code is null || code.ExpiresAt <= now)
            return new Outcome(Guid.Empty, "The link has expired or was used already. Ask for a new one (POST /api/me/link) and open it within a few minutes.");
        db.SignInCodes.Remove(code);
        if (linked is not null && linked.AccountId != code.AccountId)
        {
            await db.SaveChangesAsync(ct);
            return new Outcome(Guid.Empty, "This identity already signs in to another ContentHelper account. Sign in with it to use that account, or delete that account first.");
        }
        if (linked is null)
        {
            if (await db.ExternalLogins.AnyAsync(l => l.AccountId == code.AccountId, ct))
            {
                await db.SaveChangesAsync(ct);
                return new Outcome(Guid.Empty, "This account is linked to another identity already.");
            }
            db.ExternalLogins.Add(new ExternalLogin
            {
                AccountId = code.AccountId, Issuer = identity.Issuer, Subject = identity.Subject, Email = identity.Email, CreatedAt = now, LastSignInAt = now,
            });
        }
        else
        {
            linked.LastSignInAt = now;
        }
        await db.SaveChangesAsync(ct);
        return new Outcome(code.AccountId);
    }

    static string NameOf(ProviderIdentity identity)
    {
        var name = (identity.Name ?? "").Trim();
        if (name.Length == 0) return "Member";
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        return name.Length <= 200 ? name : name[..200];
    }
}
