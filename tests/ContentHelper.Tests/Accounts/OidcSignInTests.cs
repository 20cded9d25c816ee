using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ContentHelper.IdentityProvider;
using ContentHelper.Shared.Accounts;
using ContentHelper.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Tests.Accounts;

/// <summary>
/// Sign-in through a real OpenID Connect provider (OpenIddict, started here on loopback): the browser goes to the
/// provider and back, the app redeems the code over its back channel and checks the signed id_token.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    IdentityProviderHost provider = null!;

    public async Task InitializeAsync() => provider = await IdentityProviderHost.StartAsync();

    public async Task DisposeAsync() => await provider.DisposeAsync();

    /// <summary>An app on a loopback socket that signs in with the provider (as a confidential client of its own).</summary>
    async Task<(ContentHelperApp App, Uri Url)> StartAppAsync(Dictionary<string, string?>? settings = null)
    {
        var url = ContentHelperApp.FreeLoopbackUrl();
        var clientId = "contenthelper-" + Guid.NewGuid().ToString("N")[..8];
        await provider.AddClientAsync(clientId, "s3cret", new Uri(url, "/signin-oidc"));
        var all = new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = provider.Url.ToString(),
            ["Oidc:ClientId"] = clientId,
            ["Oidc:ClientSecret"] = "s3cret",
            ["Oidc:DisplayName"] = "Test provider",
            ["Oidc:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var app = new ContentHelperApp(all);
        // Cookies carry expiry dates from the app's clock; a browser drops those already past by its own.
        app.Clock.Now = DateTimeOffset.UtcNow;
        app.ServeOnLoopback(url);
        return (app, url);
    }

    /// <summary>Opens <paramref name="url"/> and, at the provider's form, signs in as <paramref name="user"/>.</summary>
    static async Task<Browser.Page> SignInAsync(Browser browser, Uri url, string user)
    {
        var form = await browser.OpenAsync(url);
        Assert.Contains("Test provider", form.Html);
        return await browser.SubmitAsync(form, "/connect/authorize", new() { ["login"] = user });
    }

    static HttpClient Api(Uri url, string? token = null)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task TheFirstProviderSignInCreatesTheAccountWhileOpenRegistrationIsOff()
    {
        var (app, url) = await StartAppAsync(new() { ["Accounts:OpenRegistration"] = "false" });
        using var _ = app;
        await (await Api(url).Post("/api/accounts", new CreateAccountRequest { Name = "Eve" })).Problem(HttpStatusCode.Forbidden);

        using var browser = new Browser();
        var page = await SignInAsync(browser, new Uri(url, "/account"), "ana");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(new Uri(url, "/account"), page.Url);
        Assert.Contains("Signed in as Ana (ana@example.test) through Test provider", page.Text);
        var (accounts, login) = app.Db(db => (db.Accounts.Select(a => a.Name).ToList(), db.ExternalLogins.Single()));
        Assert.Equal(["Ana"], accounts);
        Assert.Equal("user-ana", login.Subject);
        Assert.Equal(provider.Url.ToString(), login.Issuer);

        // A second sign-in, from another browser, is the same account.
        using var other = new Browser();
        Assert.Contains("Signed in as Ana", (await SignInAsync(other, new Uri(url, "/account"), "ana")).Text);
        Assert.Equal(1, app.Db(db => db.Accounts.Count()));
        Assert.Equal(2, provider.SignIns);
    }

    [Fact]
    public async Task TheExtensionGetsATokenNamedForItsBrowserWithoutCopyingIt()
    {
        var (app, url) = await StartAppAsync();
        using var _ = app;
        var options = await (await Api(url).GetAsync("/api/accounts/sign-in")).Read<SignInOptionsResponse>();
        Assert.Equal(("Test provider", "/account/extension"), (options.IdentityProvider, options.SignInUrl));

        var verifier = Verifier();
        using var browser = new Browser();
        var consent = await SignInAsync(browser, Extension(url, SignInChallenge(verifier), "Firefox on Linux"), "ana");
        Assert.Contains("Sign in the ContentHelper extension in Firefox on Linux as Ana?", consent.Text);
        var done = await browser.SubmitAsync(consent, "/account/extension");
        Assert.Equal("/account/extension/done", done.Url.AbsolutePath);
        var code = Query(done.Url, "code");

        // The code alone is worth nothing: without the verifier it is refused, and spent.
        await (await Api(url).Post("/api/tokens/exchange", new ExchangeCodeRequest { Code = code, Verifier = Verifier() })).Problem(HttpStatusCode.BadRequest);
        await (await Api(url).Post("/api/tokens/exchange", new ExchangeCodeRequest { Code = code, Verifier = verifier })).Problem(HttpStatusCode.BadRequest);

        // Again, redeemed by the extension that holds the verifier, once.
        consent = await browser.OpenAsync(Extension(url, SignInChallenge(verifier), "Firefox on Linux"));
        code = Query((await browser.SubmitAsync(consent, "/account/extension")).Url, "code");
        var issued = await (await Api(url).Post("/api/tokens/exchange", new ExchangeCodeRequest { Code = code, Verifier = verifier })).Read<CreateTokenResponse>(HttpStatusCode.Created);
        await (await Api(url).Post("/api/tokens/exchange", new ExchangeCodeRequest { Code = code, Verifier = verifier })).Problem(HttpStatusCode.BadRequest);

        var extension = Api(url, issued.Token);
        Assert.Equal("Ana", (await (await extension.GetAsync("/api/me")).Read<MeResponse>()).Name);
        var token = Assert.Single(await (await extension.GetAsync("/api/tokens")).Read<List<TokenResponse>>());
        Assert.Equal(("Firefox on Linux", true), (token.Name, token.Current));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, token.LastUsedAt);
        Assert.Equal(1, provider.SignIns); // the second round used the page's own session
        Assert.True(app.Db(db => db.ApiTokens.Single().Hash.Length == 32), "only the token's hash is stored");

        // The account page lists it with its last use.
        var account = await browser.OpenAsync(new Uri(url, "/account"));
        Assert.Contains("Firefox on Linux", account.Text);
        Assert.Contains(app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture), account.Text);
    }

    [Fact]
    public async Task AnExistingAccountIsLinkedToItsProviderIdentityAndSignsInWithItFromThenOn()
    {
        var (app, url) = await StartAppAsync();
        using var _ = app;
        var created = await (await Api(url).Post("/api/accounts", new CreateAccountRequest { Name = "Ben Carter" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        var link = await (await Api(url, created.Token).PostAsync("/api/me/link", null)).Read<LinkIdentityResponse>(HttpStatusCode.Created);

        using var browser = new Browser();
        var page = await SignInAsync(browser, new Uri(link.Url), "ben");
        Assert.Contains("This account is now linked to your sign-in.", page.Text);
        Assert.Contains("Signed in as Ben Carter (ben@example.test)", page.Text);
        Assert.Equal(created.AccountId, app.Db(db => db.ExternalLogins.Single().AccountId));

        // From another browser, the provider sign-in reaches the same account; no second account appears.
        using var other = new Browser();
        Assert.Contains("Signed in as Ben Carter", (await SignInAsync(other, new Uri(url, "/account"), "ben")).Text);
        Assert.Equal(1, app.Db(db => db.Accounts.Count()));
        // The old token still works, and the account cannot be linked twice.
        await (await Api(url, created.Token).PostAsync("/api/me/link", null)).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnIdentityThatSignsInToAnotherAccountIsNotLinkedAgain()
    {
        var (app, url) = await StartAppAsync();
        using var _ = app;
        using (var first = new Browser()) await SignInAsync(first, new Uri(url, "/account"), "cleo");
        var created = await (await Api(url).Post("/api/accounts", new CreateAccountRequest { Name = "Cleo again" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        var link = await (await Api(url, created.Token).PostAsync("/api/me/link", null)).Read<LinkIdentityResponse>(HttpStatusCode.Created);

        using var browser = new Browser();
        var page = await SignInAsync(browser, new Uri(link.Url), "cleo");

        Assert.True(page.Status == HttpStatusCode.Forbidden, $"{page.Status}: {page.Text}");
        Assert.Contains("This identity already signs in to another ContentHelper account.", page.Text);
        // Nobody is signed in on that browser: the account page sends it to the provider again.
        Assert.Contains("Test provider", (await browser.OpenAsync(new Uri(url, "/account"))).Text);
        Assert.False(app.Db(db => db.ExternalLogins.Any(l => l.AccountId == created.AccountId)));
    }

    [Fact]
    public async Task TheSessionCookieOfTheAccountPagesOpensNoApiRoute()
    {
        var (app, url) = await StartAppAsync();
        using var _ = app;
        using var browser = new Browser();
        await SignInAsync(browser, new Uri(url, "/account"), "ana");

        // The browser holds the session: the API still wants a bearer token, so no other site can act with the cookie.
        var me = await browser.OpenAsync(new Uri(url, "/api/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
        // A token made the old way keeps working beside the provider sign-in.
        var created = await (await Api(url).Post("/api/accounts", new CreateAccountRequest { Name = "Dana" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        Assert.Equal("Dana", (await (await Api(url, created.Token).GetAsync("/api/me")).Read<MeResponse>()).Name);
    }

    [Fact]
    public async Task ARevokeFormPostedWithoutItsPageTokenRevokesNothing()
    {
        var (app, url) = await StartAppAsync();
        using var _ = app;
        using var browser = new Browser();
        var verifier = Verifier();
        var consent = await SignInAsync(browser, Extension(url, SignInChallenge(verifier), "Chromium"), "ana");
        var code = Query((await browser.SubmitAsync(consent, "/account/extension")).Url, "code");
        var issued = await (await Api(url).Post("/api/tokens/exchange", new ExchangeCodeRequest { Code = code, Verifier = verifier })).Read<CreateTokenResponse>(HttpStatusCode.Created);

        // As another site would post it: the session cookie rides along, the page's form token does not.
        var forged = await browser.SubmitAsync(new Browser.Page(HttpStatusCode.OK, url,
            $"""<form method=post action="/account/tokens/{issued.Id}/revoke"><input type=hidden name="x" value="y"></form>"""));
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("This form expired or was not sent from this page.", forged.Text);
        Assert.Equal(HttpStatusCode.OK, (await Api(url, issued.Token).GetAsync("/api/me")).StatusCode);

        // The page's own form revokes it.
        var account = await browser.OpenAsync(new Uri(url, "/account"));
        await browser.SubmitAsync(account, $"/account/tokens/{issued.Id}/revoke");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(url, issued.Token).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task WithoutAProviderTheServerSaysSoAndHasNoAccountPages()
    {
        using var app = new ContentHelperApp();
        var client = app.CreateClient();

        var options = await (await client.GetAsync("/api/accounts/sign-in")).Read<SignInOptionsResponse>();

        Assert.Equal(new SignInOptionsResponse(true, null, null), options);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account")).StatusCode);
        var (_, account) = await app.SignUpWithAccountAsync();
        await (await app.Authorized(account.Token).PostAsync("/api/me/link", null)).Problem(HttpStatusCode.NotFound);
    }

    static Uri Extension(Uri url, string challenge, string name) =>
        new(url, $"/account/extension?challenge={challenge}&name={Uri.EscapeDataString(name)}");

    internal static string Verifier() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    internal static string SignInChallenge(string verifier) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    internal static string Query(Uri url, string name) =>
        System.Web.HttpUtility.ParseQueryString(url.Query)[name] ?? throw new InvalidOperationException($"No {name} in {url}");
}
