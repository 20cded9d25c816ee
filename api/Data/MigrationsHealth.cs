using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentHelper.Api.Data;

/// <summary>
/// Ready means the schema is this build's: a database restored from an older backup, or one another version is
/// still migrating, must not take traffic. The InMemory store has no migrations.
/// </summary>
internal sealed class MigrationsHealth(AppDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!db.Database.IsRelational()) return HealthCheckResult.Healthy("No migrations (in-memory store).");
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("The schema is up to date.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"{pending.Count} migrations are not applied yet.",
                data: new Dictionary<string, object> { ["pending"] = pending });
    }
}
