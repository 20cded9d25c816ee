using System.Net;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Articles;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// Each token and each account has its own allowance per minute, lower for the expensive routes, and each request is
/// charged once; anonymous account creation has one per client address. Past any, 429 with Retry-After.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ATokenPastItsRequestsPerMinuteIs429WithRetryAfterWhileOtherTokensAreServed()
    {
        // 30 a minute: the bucket refills one request every 2 s.
        using var app = new ContentHelperApp(new() { ["Limits:TokenRequestsPerMinute"] = "30" });
        var busy = await app.SignUpAsync("Busy");
        var other = await app.SignUpAsync("Other");
        var secondToken = await (await busy.Post("/api/tokens", new CreateTokenRequest { Name = "laptop" })).Read<CreateTokenResponse>(HttpStatusCode.Created);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 40 && limited is null; i++)
        {
            var response = await busy.GetAsync("/api/contacts");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.NotNull(limited);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 29, 31); // the first one went to creating the token
        var problem = await limited.Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("per minute", problem.Detail);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);

        // Other tokens, of this account and of another, have their own allowance; /health has none.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Authorized(secondToken.Token).GetAsync("/api/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health")).StatusCode);

        // After the wait it names, the token is served again.
        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/contacts")).StatusCode);
    }

    [Fact]
    public async Task ExpensiveRoutesHaveTheirOwnLowerLimitPerToken()
    {
        using var app = new ContentHelperApp(new() { ["Limits:TokenRequestsPerMinute"] = "100", ["Limits:TokenExpensiveRequestsPerMinute"] = "3" });
        var client = await app.SignUpAsync();
        var other = await app.SignUpAsync("Other");
        var page = new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.Post("/api/articles/parse", page)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        var suggestions = await client.Post("/api/suggestions", new { url = Pages.CarbonUrl, html = Pages.Carbon() });
        await suggestions.Problem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(suggestions.Headers.RetryAfter?.Delta);
        var import = await client.Upload("First Name,Last Name\nAna,Ruiz\n"u8.ToArray());
        await import.Problem(HttpStatusCode.TooManyRequests);

        // The cheap routes and other tokens are not held back by this token's expensive calls.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Post("/api/articles/parse", page)).StatusCode);
    }

    [Fact]
    public async Task TokensOfOneAccountShareTheAccountsAllowanceSoRotatingThemGainsNothing()
    {
        // Default limits: 60 expensive requests a minute, per token and per account.
        using var app = new ContentHelperApp();
        var client = await app.SignUpAsync();
        var other = await app.SignUpAsync("Other");
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
            tokens.Add((await (await client.Post("/api/tokens", new CreateTokenRequest { Name = $"rotation {i}" })).Read<CreateTokenResponse>(HttpStatusCode.Created)).Token);
        var rotated = tokens.Select(app.Authorized).ToList();
        var page = new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() };

        var statuses = new List<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100; i++) statuses.Add((await rotated[i % rotated.Count].Post("/api/articles/parse", page)).StatusCode);

        // 20 each would stay under every token's own 60; the account's 60 is what stops them (plus the one a second
        // the bucket refills while they run).
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 60, 60 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await other.Post("/api/articles/parse", page)).StatusCode);
    }

    [Fact]
    public async Task ExpensiveRequestsWaitingForTheConcurrencyLimitAreChargedOnce()
    {
        using var app = new ContentHelperApp(new()
        {
            ["Limits:ExpensiveConcurrency"] = "1",
            ["Limits:TokenExpensiveRequestsPerMinute"] = "8",
            ["Limits:AccountExpensiveRequestsPerMinute"] = "8",
        });
        var client = await app.SignUpAsync();
        var page = new ParseArticleRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() };

        // 8 at once: all but one wait for the single slot, and each is still one request of the 8 a minute.
        var statuses = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.Post("/api/articles/parse", page)))).Select(r => r.StatusCode);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 8), statuses);
        await (await client.Post("/api/articles/parse", page)).Problem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task AccountCreationIsLimitedPerClientAddressWith429ProblemDetails()
    {
        using var app = new ContentHelperApp(new() { ["Limits:AccountsPerHourPerAddress"] = "3" });
        var anonymous = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await anonymous.Post("/api/accounts", new CreateAccountRequest { Name = $"Newcomer {i}" });
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(refused);
        var problem = await refused.Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("accounts", problem.Detail);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalMinutes, 1, 60);
        Assert.Equal(3, app.Db(db => db.Accounts.Count()));
    }
}
