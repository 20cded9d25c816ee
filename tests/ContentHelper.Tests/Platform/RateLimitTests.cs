using System.Net;
using ContentHelper.Shared.Accounts;
using ContentHelper.Shared.Articles;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Platform;

/// <summary>Each token has its own allowance per minute, lower for the expensive routes; past it, 429 with Retry-After.</summary>
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
}
