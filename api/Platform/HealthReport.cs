using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Platform;

/// <summary>
/// GET /health as JSON, for anyone: the overall status for load balancers (Healthy, Degraded or Unhealthy) and each
/// check's status and state in words. Each check's data (the model's state, the embedding backlog, which tells how
/// busy other accounts keep the server) only with <see cref="HealthOptions.ShowDetails"/>.
/// </summary>
internal static class HealthReport
{
    public static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        var details = context.RequestServices.GetRequiredService<IOptions<HealthOptions>>().Value.ShowDetails;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => details
                ? (object)new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }
                : new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}

/// <summary>Bound from the "Health" config section.</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// Add each check's data to GET /health (the model's state as a word, the interest phrases waiting for the
    /// embedding model). Off by default: /health answers anyone, and the backlog is other accounts' activity. The
    /// load scripts and the tests that wait on the backlog switch it on.
    /// </summary>
    public bool ShowDetails { get; set; }
}
