using System.Diagnostics;
using ContentHelper.Api.Accounts;

namespace ContentHelper.Api.Platform;

public static class RequestLogging
{
    /// <summary>
    /// One structured line per request: method, route path, status, duration, account. Never the query string,
    /// headers or body — they carry tokens and the HTML of pages people read.
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ContentHelper.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation("{Method} {Path} → {Status} in {ElapsedMs:F1} ms (account {Account})",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    context.User.FindFirst(TokenAuthentication.AccountClaim)?.Value ?? "-");
            }
        });
    }
}
