using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using ContentHelper.Api.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Platform;

/// <summary>
/// The routes that parse, analyse or import whole documents (suggestions, articles/parse, contacts/import) carry
/// this policy (<c>.RequireRateLimiting(ExpensiveWork.Policy)</c>): their body is read in full first, then they run
/// under a concurrency limit, since a handful of large requests at once would otherwise take every core and /health
/// and every cheap route would starve behind them. Past the limit requests wait in a short queue; past the queue, 503.
/// </summary>
public static class ExpensiveWork
{
    public const string Policy = "expensive";
}

/// <summary>The route that creates accounts carries this policy: anyone may call it, so it is limited per client address.</summary>
public static class AccountCreation
{
    public const string Policy = "account-creation";
}

/// <summary>
/// What one client may cost the server, checked after authentication and before any handler:
/// <list type="bullet">
/// <item>requests per minute per token and per account (all the account's tokens together), with lower rates for
/// the expensive routes — 429 with Retry-After when spent, so a leaked or runaway token, or many tokens of one
/// account, slow only that account;</item>
/// <item>accounts created per hour per client address (429);</item>
/// <item>an expensive route's body read in full, within a time that grows with its size (408 past it), before the
/// request takes one of the few expensive slots (503 when they and their queue are full): a body that arrives
/// slowly holds nothing anyone else needs.</item>
/// </list>
/// Requests without a valid token are not counted: they are answered 401 before this runs. Each request is charged
/// once to each allowance that applies — none at all when one of them is spent — however long it then waits for a
/// slot. (ASP.NET Core's rate-limiting middleware charged a global limiter again when the endpoint's concurrency
/// limiter made the request wait: 8 requests at once spent 15 of a token's 60.)
/// </summary>
public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services) =>
        services.AddSingleton<Allowances>().AddSingleton<ExpensiveSlots>();

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var services = context.RequestServices;
        if (services.GetRequiredService<Allowances>().TryCharge(context, policy) is { } spent)
        {
            await RejectAsync(context, StatusCodes.Status429TooManyRequests, spent.RetryAfter, "Too many requests.", spent.Detail);
            return;
        }
        if (policy != ExpensiveWork.Policy)
        {
            await next(context);
            return;
        }

        var limits = services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        if (!await BufferBodyAsync(context, limits)) return;
        using var slot = await services.GetRequiredService<ExpensiveSlots>().AcquireAsync(context.RequestAborted);
        if (!slot.IsAcquired)
        {
            await RejectAsync(context, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(5), "Too busy right now.",
                "Too many large requests (suggestions, parsing, imports) are waiting; try again in a few seconds.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// Reads the whole body into a buffer (memory up to 1 MB, a temporary file past it) so that the handler finds it
    /// complete. It must arrive within <see cref="LimitsOptions.BodyTimeout"/> plus its size at
    /// <see cref="LimitsOptions.MinBodyBytesPerSecond"/>; a body without a length is allowed the time of the largest
    /// body the route takes. False when the answer (408) has been written.
    /// </summary>
    static async Task<bool> BufferBodyAsync(HttpContext context, LimitsOptions limits)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return true;
        var size = context.Request.ContentLength
                   ?? context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
                   ?? limits.MaxBodyBytes;
        var allowed = limits.BodyTimeout + TimeSpan.FromSeconds(size / (double)Math.Max(1, limits.MinBodyBytesPerSecond));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(allowed);
        context.Request.EnableBuffering(bufferThreshold: 1024 * 1024);
        try
        {
            await context.Request.Body.DrainAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The rest of the body is never read: the connection goes with the answer.
            context.Response.Headers.Connection = "close";
            await RejectAsync(context, StatusCodes.Status408RequestTimeout, null, BodyTooSlow,
                $"A body of {size:N0} bytes must arrive within {allowed.TotalSeconds:F0} s (Limits:BodyTimeout plus its size at " +
                $"Limits:MinBodyBytesPerSecond, {limits.MinBodyBytesPerSecond:N0} bytes a second); this one was slower. Send it again on a faster connection.");
            return false;
        }
        context.Request.Body.Position = 0;
        return true;
    }

    internal const string BodyTooSlow = "The request body arrived too slowly.";

    static async Task RejectAsync(HttpContext http, int status, TimeSpan? retryAfter, string title, string detail)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } wait)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>How many expensive requests run at once on this instance, and how many more may wait.</summary>
    sealed class ExpensiveSlots(IOptions<LimitsOptions> options) : IDisposable
    {
        readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.ExpensiveConcurrency,
            QueueLimit = options.Value.ExpensiveQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        public ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct) => limiter.AcquireAsync(1, ct);

        public void Dispose() => limiter.Dispose();
    }

    /// <summary>The per-minute and per-hour allowances, each a token bucket per token, account or client address.</summary>
    sealed class Allowances : IDisposable
    {
        public sealed record Spent(TimeSpan RetryAfter, string Detail);

        sealed record Allowance(PartitionedRateLimiter<string> Buckets, string Detail);

        readonly Allowance tokenRequests, tokenExpensive, accountRequests, accountExpensive, newAccounts;

        public Allowances(IOptions<LimitsOptions> options)
        {
            var limits = options.Value;
            tokenRequests = PerMinute(limits.TokenRequestsPerMinute,
                "This token sent more requests than the server allows per minute (Limits:TokenRequestsPerMinute); wait before sending more.");
            tokenExpensive = PerMinute(limits.TokenExpensiveRequestsPerMinute,
                "This token asked for more suggestions, parses and imports than the server allows per minute (Limits:TokenExpensiveRequestsPerMinute); wait before sending more.");
            accountRequests = PerMinute(limits.AccountRequestsPerMinute,
                "This account's tokens together sent more requests than the server allows per minute (Limits:AccountRequestsPerMinute); wait before sending more.");
            accountExpensive = PerMinute(limits.AccountExpensiveRequestsPerMinute,
                "This account's tokens together asked for more suggestions, parses and imports than the server allows per minute (Limits:AccountExpensiveRequestsPerMinute); wait before sending more.");
            newAccounts = new Allowance(Buckets(limits.AccountsPerHourPerAddress, TimeSpan.FromHours(1)),
                "Too many accounts were created from this address in the last hour (Limits:AccountsPerHourPerAddress); wait before creating another.");
        }

        static Allowance PerMinute(int perMinute, string detail) => new(Buckets(perMinute, TimeSpan.FromMinutes(1)), detail);

        /// <summary>
        /// A bucket per key holding a period's allowance: all of it may be spent at once (a contacts page loading, an
        /// import preview then apply), then it refills evenly. Zero turns the allowance off. Idle full buckets are
        /// dropped by the partitioned limiter, so the keys seen do not pile up.
        /// </summary>
        static PartitionedRateLimiter<string> Buckets(int perPeriod, TimeSpan period) =>
            PartitionedRateLimiter.Create<string, string>(key => perPeriod <= 0
                ? RateLimitPartition.GetNoLimiter(key)
                : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perPeriod,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = period / perPeriod,
                    QueueLimit = 0,
                }));

        /// <summary>Charges every allowance that applies to this request, or none and says which one is spent.</summary>
        public Spent? TryCharge(HttpContext context, string? policy)
        {
            var charges = new List<(Allowance Allowance, string Key)>(4);
            if (policy == AccountCreation.Policy)
                charges.Add((newAccounts, AddressKey(context.Connection.RemoteIpAddress)));
            if (context.User.FindFirst(TokenAuthentication.TokenClaim)?.Value is { } token
                && context.User.FindFirst(TokenAuthentication.AccountClaim)?.Value is { } account)
            {
                charges.Add((tokenRequests, token));
                charges.Add((accountRequests, account));
                if (policy == ExpensiveWork.Policy)
                {
                    charges.Add((tokenExpensive, token));
                    charges.Add((accountExpensive, account));
                }
            }

            // Look first, then take: a request refused by one allowance costs nothing of the others.
            foreach (var (allowance, key) in charges)
            {
                using var look = allowance.Buckets.AttemptAcquire(key, 0);
                if (!look.IsAcquired) return SpentOf(allowance, look);
            }
            foreach (var (allowance, key) in charges)
            {
                // Another request of the same client may have taken the last permit in between.
                using var lease = allowance.Buckets.AttemptAcquire(key);
                if (!lease.IsAcquired) return SpentOf(allowance, lease);
            }
            return null;
        }

        static Spent SpentOf(Allowance allowance, RateLimitLease lease) =>
            new(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1), allowance.Detail);

        /// <summary>An IPv4 address as is; an IPv6 address by its /64 network, which one subscriber usually holds whole.</summary>
        static string AddressKey(IPAddress? address)
        {
            if (address is null) return "-";
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        public void Dispose()
        {
            foreach (var allowance in new[] { tokenRequests, tokenExpensive, accountRequests, accountExpensive, newAccounts })
                allowance.Buckets.Dispose();
        }
    }
}
