using System.Net;
using System.Text;
using ContentHelper.Shared.Accounts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Accounts;

[Trait("Storage", "Portable")]
public sealed class AccountsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task CreatingAnAccountReturnsATokenThatAuthenticates()
    {
        var response = await app.CreateClient().Post("/api/accounts", new CreateAccountRequest { Name = "Ana Ruiz" });
        var account = await response.Read<CreateAccountResponse>(HttpStatusCode.Created);

        Assert.StartsWith("ch_", account.Token);
        // 32 random bytes in base64url: 43 characters after the prefix, 256 bits.
        Assert.Equal(43, account.Token.Length - 3);
        var me = await (await app.Authorized(account.Token).GetAsync("/api/me")).Read<MeResponse>();
        Assert.Equal(account.AccountId, me.AccountId);
        Assert.Equal("Ana Ruiz", me.Name);
    }

    [Fact]
    public async Task TwoAccountsNeverShareAToken()
    {
        var a = await (await app.CreateClient().Post("/api/accounts", new CreateAccountRequest { Name = "A" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        var b = await (await app.CreateClient().Post("/api/accounts", new CreateAccountRequest { Name = "B" })).Read<CreateAccountResponse>(HttpStatusCode.Created);
        Assert.NotEqual(a.Token, b.Token);
        Assert.NotEqual(a.AccountId, b.AccountId);
    }

    [Fact]
    public async Task CreatingAnAccountWithoutANameNamesTheField()
    {
        var response = await app.CreateClient().Post("/api/accounts", new { name = "  " });
        await response.ValidationProblem("name");
    }

    [Fact]
    public async Task TokensAreStoredOnlyAsHashes()
    {
        var (_, account) = await app.SignUpWithAccountAsync();
        var stored = app.Db(db => db.ApiTokens.Single(t => t.AccountId == account.AccountId));

        Assert.Equal(32, stored.Hash.Length);
        Assert.NotEqual(Encoding.UTF8.GetBytes(account.Token), stored.Hash);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(account.Token)), stored.Hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ch_not-a-real-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task RequestsWithoutAValidTokenGet401ProblemDetails(string? authorization)
    {
        var client = app.CreateClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        foreach (var url in new[] { "/api/contacts", "/api/shares", "/api/me", "/api/tokens", "/api/shares/export" })
        {
            var response = await client.GetAsync(url);
            var problem = await response.Problem(HttpStatusCode.Unauthorized);
            Assert.Equal(401, problem.Status);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task RevokingTheCurrentTokenSignsItOut()
    {
        var client = await app.SignUpAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/tokens/current")).StatusCode);
        var problem = await (await client.GetAsync("/api/contacts")).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or was revoked", problem.Detail);

        var anonymous = await (await app.CreateClient().GetAsync("/api/contacts")).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", anonymous.Detail);
    }

    [Fact]
    public async Task AnAdditionalTokenWorksOnItsOwnAndCanBeRevokedById()
    {
        var (first, _) = await app.SignUpWithAccountAsync();
        var second = await (await first.Post("/api/tokens", new CreateTokenRequest { Name = "Firefox" })).Read<CreateTokenResponse>(HttpStatusCode.Created);
        var secondClient = app.Authorized(second.Token);

        var tokens = await (await secondClient.GetAsync("/api/tokens")).Read<List<TokenResponse>>();
        Assert.Equal(2, tokens.Count);
        Assert.True(tokens.Single(t => t.Id == second.Id).Current);
        Assert.Equal("Firefox", tokens.Single(t => t.Id == second.Id).Name);

        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/api/tokens/{second.Id}")).StatusCode);
        await (await secondClient.GetAsync("/api/me")).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task AnotherAccountsTokenCannotBeRevoked()
    {
        var ana = await app.SignUpAsync("Ana");
        var bo = await app.SignUpAsync("Bo");
        var boTokens = await (await bo.GetAsync("/api/tokens")).Read<List<TokenResponse>>();

        await (await ana.DeleteAsync($"/api/tokens/{boTokens[0].Id}")).Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await bo.GetAsync("/api/me")).StatusCode);
        Assert.Single(await (await ana.GetAsync("/api/tokens")).Read<List<TokenResponse>>());
    }

    [Fact]
    public async Task MeKeepsTheUsersOwnInterestsNormalised()
    {
        var client = await app.SignUpAsync();
        var me = await (await client.Put("/api/me", new UpdateMeRequest { Name = "Ana", Interests = [" Climate  tech ", "climate tech", "AI"] })).Read<MeResponse>();
        Assert.Equal(["Climate tech", "AI"], me.Interests);
        Assert.Equal(["Climate tech", "AI"], (await (await client.GetAsync("/api/me")).Read<MeResponse>()).Interests);
    }

    [Fact]
    public async Task MeRejectsTooManyInterests()
    {
        var client = await app.SignUpAsync();
        var response = await client.Put("/api/me", new UpdateMeRequest { Name = "Ana", Interests = [.. Enumerable.Range(0, 51).Select(i => $"topic {i}")] });
        await response.ValidationProblem("interests");
    }
}

[Trait("Storage", "Portable")]
public sealed class ClosedRegistrationTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["Accounts:OpenRegistration"] = "false" });
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task ClosedRegistrationRefusesNewAccounts()
    {
        var response = await app.CreateClient().Post("/api/accounts", new CreateAccountRequest { Name = "Eve" });
        var problem = await response.Problem(HttpStatusCode.Forbidden);
        Assert.Contains("OpenRegistration", problem.Detail);
        Assert.Equal(0, app.Db(db => db.Accounts.Count()));
    }
}

[Trait("Storage", "Portable")]
public sealed class TokenCapTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["Accounts:MaxTokens"] = "3" });
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task AnAccountHoldsAtMostTheConfiguredNumberOfTokensAndARevokedOneMakesRoom()
    {
        var client = await app.SignUpAsync(); // the first token
        var second = await (await client.Post("/api/tokens", new CreateTokenRequest { Name = "laptop" })).Read<CreateTokenResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/tokens", new CreateTokenRequest { Name = "phone" })).Read<CreateTokenResponse>(HttpStatusCode.Created);

        var refused = await (await client.Post("/api/tokens", new CreateTokenRequest { Name = "one too many" })).Problem(HttpStatusCode.Conflict);
        Assert.Contains("3 tokens", refused.Detail);
        Assert.Contains("DELETE /api/tokens/{id}", refused.Detail);
        Assert.Equal(3, (await (await client.GetAsync("/api/tokens")).Read<List<TokenResponse>>()).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/tokens/{second.Id}")).StatusCode);
        await (await client.Post("/api/tokens", new CreateTokenRequest { Name = "tablet" })).Read<CreateTokenResponse>(HttpStatusCode.Created);
    }
}
