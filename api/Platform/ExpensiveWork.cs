using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ContentHelper.Api.Platform;

/// <summary>
/// A concurrency limit for the routes that parse, analyse or import whole documents (suggestions, articles/parse,
/// contacts/import): a handful of large requests at once would otherwise take every core, and /health and every
/// cheap route would starve behind them. Past the limit requests wait in a short queue; past the queue, 503.
/// </summary>
public static class ExpensiveWork
{
    public const string Policy = "expensive";

    public static IServiceCollection AddExpensiveWorkLimit(this IServiceCollection services, LimitsOptions limits) =>
        services.AddRateLimiter(o =>
        {
            o.AddConcurrencyLimiter(Policy, l =>
            {
                l.PermitLimit = limits.ExpensiveConcurrency;
                l.QueueLimit = limits.ExpensiveQueue;
                l.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "5";
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "Too busy right now.",
                        Detail = "Too many large requests (suggestions, parsing, imports) are waiting; try again in a few seconds.",
                    },
                });
            };
        });
}
