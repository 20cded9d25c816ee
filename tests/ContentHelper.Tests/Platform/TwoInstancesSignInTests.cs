using System.Net;
using System.Net.Http.Headers;
using ContentHelper.IdentityProvider;
using ContentHelper.Shared.Accounts;
using ContentHelper.Tests.Accounts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// The provider sign-in behind a load balancer without sticky sessions: two real instances over one database, a
/// browser whose requests land on either. The session, the page's form tokens and the one-time code work on both;
/// a token revoked on one is refused by both at once.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class TwoInstancesSignInTests : IAsyncLifetime
{
    readonly SharedDatabase database = new();
    IdentityProviderHost provider = null!;
    ApiProcess first = null!, second = null!;

    public async Task InitializeAsync()
    {
        provider = await IdentityProviderHost.StartAsync();
        var environment = database.Environment();
        environment["Oidc__Authority"] = provider.Url.ToString();
        environment["Oidc__ClientId"] = "contenthelper";
        environment["Oidc__ClientSecret"] = "s3cret";
        environment["Oidc__DisplayName"] = "Test provider";
        environment["Oidc__RequireHttpsMetadata"] = "false";
        environment["Accounts__OpenRegistration"] = "false";
        first = new ApiProcess(database.Folder, environment);
        second = new ApiProcess(database.Folder, environment);
        await provider.AddClientAsync("contenthelper", "s3cret", new Uri(first.Url, "/signin-oidc"), new Uri(second.Url, "/signin-oidc"));
        var healthy = await Task.WhenAll(first.HealthyWithinAsync(TimeSpan.FromSeconds(60)), second.HealthyWithinAsync(TimeSpan.FromSeconds(60)));
        Assert.True(healthy[0], "The first instance did not start:\n" + first.Output);
        Assert.True(healthy[1], "The second instance did not start:\n" + second.Output);
    }

    public async Task DisposeAsync()
    {
        first?.Dispose();
        second?.Dispose();
        database.Dispose();
        if (provider is not null) await provider.DisposeAsync();
    }

    static HttpClient Client(ApiProcess instance, string token)
    {
        var client = new HttpClient { BaseAddress = instance.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task ATokenSignedInThroughTheProviderOnOneInstanceAndRevokedOnTheOtherIsRefusedByBoth()
    {
        using var browser = new Browser();
        var verifier = OidcSignInTests.Verifier();
        var start = new Uri(first.Url, $"/account/extension?challenge={OidcSignInTests.SignInChallenge(verifier)}&name=Chromium%20at%20work");

        // Signed in on the first instance; the consent form, made there, is posted to the second.
        var form = await browser.OpenAsync(start);
        var consent = await browser.SubmitAsync(form, "/connect/authorize", new() { ["login"] = "ana" });
        Assert.Contains("Sign in the ContentHelper extension in Chromium at work as Ana?", consent.Text);
        var done = await browser.SubmitAsync(consent with { Url = second.Url }, "/account/extension");
        Assert.True(done.Url.AbsolutePath == "/account/extension/done", $"{done.Status} {done.Url}: {done.Text}\n{second.Output}");
        var code = OidcSignInTests.Query(done.Url, "code");

        var exchange = new ExchangeCodeRequest { Code = code, Verifier = verifier };
        using var anonymous = new HttpClient { BaseAddress = first.Url };
        var issued = await (await anonymous.Post("/api/tokens/exchange", exchange)).Read<CreateTokenResponse>(HttpStatusCode.Created);
        using var onFirst = Client(first, issued.Token);
        using var onSecond = Client(second, issued.Token);
        Assert.Equal("Ana", (await (await onFirst.GetAsync("/api/me")).Read<MeResponse>()).Name);
        Assert.Equal("Ana", (await (await onSecond.GetAsync("/api/me")).Read<MeResponse>()).Name);

        // Revoked on the second instance's account page, in the same browser session.
        var account = await browser.OpenAsync(new Uri(second.Url, "/account"));
        Assert.Contains("Chromium at work", account.Text);
        var after = await browser.SubmitAsync(account, $"/account/tokens/{issued.Id}/revoke");
        Assert.DoesNotContain("Chromium at work", after.Text);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/me")).StatusCode);
        Assert.Equal(1, provider.SignIns);
    }
}
