using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Accounts;

/// <summary>
/// The few server pages of the provider sign-in (mapped only when Oidc is configured): the account page with this
/// account's tokens (last used, revoke), the extension's sign-in (approve a token for this browser), linking an
/// existing account, signing out. Plain HTML with every value encoded, no script, forms guarded by antiforgery tokens.
/// </summary>
internal static class AccountPages
{
    public const string ExtensionPath = "/account/extension";
    public const string ExtensionDonePath = "/account/extension/done";

    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var oidc = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<OidcOptions>>().Value;
        if (!oidc.Enabled) return app;
        var pages = app.MapGroup("/account").WithTags("Account pages").ExcludeFromDescription().AllowAnonymous();
        pages.MapGet("/", AccountPage);
        pages.MapGet("/sign-in", SignIn);
        pages.MapGet("/link", Link);
        pages.MapGet("/extension", ExtensionConsent);
        pages.MapPost("/extension", ApproveExtension);
        pages.MapGet("/extension/done", ExtensionDone);
        pages.MapPost("/tokens/{id:guid}/revoke", RevokeToken);
        pages.MapPost("/sign-out", SignOut);
        return app;
    }

    static ChallengeHttpResult SignInFirst(HttpContext http, string returnTo, string? linkCode = null)
    {
        var properties = new AuthenticationProperties { RedirectUri = returnTo };
        if (linkCode is not null) properties.Items[OidcSignIn.LinkItem] = linkCode;
        return TypedResults.Challenge(properties, [OidcSignIn.ProviderScheme]);
    }

    /// <summary>GET /account/sign-in?returnUrl=/account: off to the provider, and back to a page of this server.</summary>
    static ChallengeHttpResult SignIn(HttpContext http, string? returnUrl) =>
        SignInFirst(http, returnUrl is ['/', not '/' and not '\\', ..] ? returnUrl : "/account");

    /// <summary>GET /account/link?code=…: the link from POST /api/me/link. The next provider sign-in is linked to that account.</summary>
    static Results<ChallengeHttpResult, ContentHttpResult> Link(HttpContext http, string? code) =>
        string.IsNullOrEmpty(code) || code.Length > 100
            ? Page(http, "Link", "<p>This link is incomplete. Ask for a new one (POST /api/me/link).</p>", StatusCodes.Status400BadRequest)
            : SignInFirst(http, "/account?linked=true", code);

    static async Task<Results<ChallengeHttpResult, ContentHttpResult>> AccountPage(HttpContext http, AppDb db, bool? linked, CancellationToken ct)
    {
        if (await OidcSignIn.SessionAccountAsync(http) is not { } accountId) return SignInFirst(http, "/account");
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return await Gone(http);
        var login = await db.ExternalLogins.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == accountId, ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == accountId).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var form = FormToken(http);
        var html = new StringBuilder();
        if (linked == true) html.Append("<p class=ok role=status>This account is now linked to your sign-in.</p>");
        html.Append("<p>Signed in as <strong>").Append(E(account.Name)).Append("</strong>");
        if (login?.Email is { } email) html.Append(" (").Append(E(email)).Append(')');
        html.Append(" through ").Append(E(OidcSignIn.Options(http).DisplayName)).Append(".</p>");
        html.Append("<h2>Tokens</h2><p class=muted>Each browser extension or script signed in to this account has a token of its own. Revoke one to sign it out at once.</p>");
        if (tokens.Count == 0) html.Append("<p>No tokens yet. Sign in from the extension's options to get one.</p>");
        else
        {
            html.Append("<table><thead><tr><th>Name</th><th>Created</th><th>Last used</th><th></th></tr></thead><tbody>");
            foreach (var token in tokens)
            {
                html.Append("<tr data-token=\"").Append(token.Id).Append("\"><td>").Append(E(token.Name ?? "(no name)")).Append("</td><td>")
                    .Append(Date(token.CreatedAt)).Append("</td><td>").Append(token.LastUsedAt is { } used ? Date(used) : "never").Append("</td><td>")
                    .Append("<form method=post action=\"/account/tokens/").Append(token.Id).Append("/revoke\">").Append(form)
                    .Append("<button type=submit>Revoke</button></form></td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("<form method=post action=\"/account/sign-out\">").Append(form).Append("<button type=submit>Sign out of this page</button></form>");
        return Page(http, "Your account", html.ToString());
    }

    /// <summary>
    /// GET /account/extension?challenge=…&amp;name=…, opened by the extension's options: after the provider sign-in,
    /// asks to approve a token named for this browser. The challenge is PKCE's (S256): only the extension that
    /// opened the page holds the verifier that redeems the code.
    /// </summary>
    static async Task<Results<ChallengeHttpResult, ContentHttpResult>> ExtensionConsent(HttpContext http, AppDb db, string? challenge, string? name, CancellationToken ct)
    {
        if (!SignInCodes.IsChallenge(challenge) || TokenName(name) is not { } tokenName)
            return Page(http, "Sign in the extension", "<p>This sign-in link is incomplete. Start again from the extension's options.</p>", StatusCodes.Status400BadRequest);
        if (await OidcSignIn.SessionAccountAsync(http) is not { } accountId)
            return SignInFirst(http, http.Request.Path + http.Request.QueryString);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return await Gone(http);
        var html = new StringBuilder()
            .Append("<p>Sign in the ContentHelper extension in <strong>").Append(E(tokenName)).Append("</strong> as <strong>").Append(E(account.Name))
            .Append("</strong>?</p><p class=muted>It gets a token of its own, listed on <a href=\"/account\">your account page</a>, where you can revoke it.</p>")
            .Append("<form method=post action=\"").Append(ExtensionPath).Append("\">").Append(FormToken(http))
            .Append("<input type=hidden name=\"challenge\" value=\"").Append(E(challenge!)).Append("\">")
            .Append("<input type=hidden name=\"name\" value=\"").Append(E(tokenName)).Append("\">")
            .Append("<button type=submit id=approve>Sign in the extension</button></form>");
        return Page(http, "Sign in the extension", html.ToString());
    }

    static async Task<Results<RedirectHttpResult, ContentHttpResult>> ApproveExtension(
        HttpContext http, AppDb db, IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired(http);
        if (await OidcSignIn.SessionAccountAsync(http) is not { } accountId) return Expired(http);
        var form = await http.Request.ReadFormAsync(ct);
        string? challenge = form["challenge"], name = form["name"];
        if (!SignInCodes.IsChallenge(challenge) || TokenName(name) is not { } tokenName)
            return Page(http, "Sign in the extension", "<p>This sign-in is incomplete. Start again from the extension's options.</p>", StatusCodes.Status400BadRequest);
        var code = await SignInCodes.IssueAsync(db, SignInCodePurpose.Extension, accountId, challenge, tokenName,
            clock.GetUtcNow().UtcDateTime, OidcSignIn.Options(http).CodeLifetime, ct);
        // The extension watches its tab arrive here and redeems the code with its verifier (POST /api/tokens/exchange).
        // The code alone is worth nothing, and this page tells no one else: no referrer leaves it.
        return TypedResults.Redirect($"{ExtensionDonePath}?code={Uri.EscapeDataString(code)}");
    }

    static ContentHttpResult ExtensionDone(HttpContext http) =>
        Page(http, "Extension signed in", "<p class=ok role=status>Done: the extension finishes signing in and closes this tab. If it stays open, go back to the extension's options.</p>");

    static async Task<Results<RedirectHttpResult, ContentHttpResult>> RevokeToken(Guid id, HttpContext http, AppDb db, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired(http);
        if (await OidcSignIn.SessionAccountAsync(http) is not { } accountId) return Expired(http);
        db.ApiTokens.RemoveRange(await db.ApiTokens.Where(t => t.Id == id && t.AccountId == accountId).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return TypedResults.Redirect("/account");
    }

    static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Expired(http);
        await http.SignOutAsync(OidcSignIn.SessionScheme);
        return Page(http, "Signed out", "<p>You are signed out of the account page. Extension tokens stay valid until revoked.</p><p><a href=\"/account\">Sign in again</a></p>");
    }

    /// <summary>A failed provider round trip (<see cref="OidcSignIn"/>).</summary>
    public static Task WriteFailureAsync(HttpContext http, string message) =>
        Page(http, "Sign-in failed", $"<p class=error role=alert>{E(message)}</p><p><a href=\"/account\">Try again</a></p>", StatusCodes.Status403Forbidden)
            .ExecuteAsync(http);

    static async Task<ContentHttpResult> Gone(HttpContext http)
    {
        await http.SignOutAsync(OidcSignIn.SessionScheme);
        return Page(http, "Account deleted", "<p>This account was deleted. <a href=\"/account\">Sign in again</a> to start a new one.</p>", StatusCodes.Status404NotFound);
    }

    static ContentHttpResult Expired(HttpContext http) =>
        Page(http, "Please try again", "<p>This form expired or was not sent from this page. <a href=\"/account\">Open your account page</a> and try again.</p>", StatusCodes.Status400BadRequest);

    static string? TokenName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > 100 || PlainTextAttribute.Problem(trimmed) is not null ? null : trimmed;
    }

    static string FormToken(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=hidden name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken!)}\">";
    }

    static string E(string value) => HtmlEncoder.Default.Encode(value);

    static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    // No script at all; inline styles only; forms post here only; never framed; nothing cached (the token list).
    const string Policy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static ContentHttpResult Page(HttpContext http, string title, string body, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.CacheControl = "no-store";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · ContentHelper</title>
            <style>
            body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de}
            button{font:inherit;padding:.35rem .9rem;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
            form{margin:0}.ok{color:#1a7f37}.error{color:#cf222e}.muted{color:#59636e}
            </style></head>
            <body><h1>{{E(title)}}</h1>
            {{body}}
            </body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
