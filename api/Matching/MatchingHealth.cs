using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentHelper.Api.Matching;

/// <summary>
/// Reports whether matching runs with the embedding model or lexically (while it loads, if it failed, or when
/// switched off), in words, and as data the model's state and how many interest phrases wait for a vector (shown
/// only with Health:ShowDetails, see HealthReport). Degraded still answers 200: the service works.
/// </summary>
internal sealed class MatchingHealth(TextEmbedder embedder, InterestIndexes indexes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["model"] = embedder.State.ToString(),
            ["pendingPhrases"] = indexes.PendingCount,
        };
        return Task.FromResult(embedder.State switch
        {
            EmbedderState.Ready or EmbedderState.Disabled => HealthCheckResult.Healthy(
                embedder.State == EmbedderState.Ready ? "Semantic and lexical matching." : "Lexical matching only (Matching:UseEmbeddings=false).", data),
            EmbedderState.Failed => HealthCheckResult.Degraded("The embedding model failed to load; matching is lexical only.", embedder.LoadError, data),
            _ => HealthCheckResult.Degraded("The embedding model is loading; matching is lexical meanwhile.", data: data),
        });
    }
}
