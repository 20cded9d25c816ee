using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentHelper.Api.Platform;

/// <summary>GET /health as JSON: the overall status for load balancers, and each check's state for people.</summary>
internal static class HealthReport
{
    public static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
