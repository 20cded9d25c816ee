using System.Threading.RateLimiting;
using ContentHelper.Api.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace ContentHelper.Api.Platform;

/// <summary>
/// The routes that parse, analyse or import whole documents (suggestions, articles/parse, contacts/import) carry
/// this policy: a concurrency limit, since a handful of large requests at once would otherwise take every core and
/// /health and every cheap route would starve behind them. Past the limit requests wait in a short queue; past the
/// queue, 503.
/// </summary>
public static class ExpensiveWork
{
    public const string Policy = "expensive";
}

/// <summary>
/// Two kinds of limit, both ASP.NET Core's rate limiter: how many expensive requests run at once on this instance
/// (<see cref="ExpensiveWork"/>, 503 when full), and how many requests each token may send per minute, with a lower
/// rate for the expensive routes (429 with Retry-After when spent). A leaked or runaway token can then slow only
/// itself. Requests without a valid token are not counted here: they are answered 401 before any work.
/// </summary>
public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, LimitsOptions limits) =>
        services.AddRateLimiter(o =>
        {
            o.AddConcurrencyLimiter(ExpensiveWork.Policy, l =>
            {
                l.PermitLimit = limits.ExpensiveConcurrency;
                l.QueueLimit = limits.ExpensiveQueue;
                l.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerToken("all", limits.TokenRequestsPerMinute, _ => true),
                PerToken("expensive", limits.TokenExpensiveRequestsPerMinute, IsExpensive));
            o.OnRejected = (context, ct) => context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? RejectAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, retryAfter,
                    "Too many requests.", "This token sent more requests than the server allows per minute; wait before sending more.")
                : RejectAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(5),
                    "Too busy right now.", "Too many large requests (suggestions, parsing, imports) are waiting; try again in a few seconds.");
        });

    /// <summary>
    /// A token bucket per token: a full minute's allowance may be spent at once (a contacts page loading, an
    /// import preview then apply), then it refills evenly. Zero turns the limit off.
    /// </summary>
    static PartitionedRateLimiter<HttpContext> PerToken(string name, int perMinute, Func<HttpContext, bool> applies) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            perMinute > 0 && applies(context) && context.User.FindFirst(TokenAuthentication.TokenClaim)?.Value is { } token
                ? RateLimitPartition.GetTokenBucketLimiter(name + ":" + token, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));

    static bool IsExpensive(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ExpensiveWork.Policy;

    static async ValueTask RejectAsync(HttpContext http, int status, TimeSpan retryAfter, string title, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
