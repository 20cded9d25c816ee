using ContentHelper.Api.Topics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentHelper.Api.Matching;

internal static class MatchingServices
{
    /// <summary>
    /// Topic extraction and interest matching, all singletons: the model (~90 MB, seconds to load) and the
    /// article cache are per process. The model starts loading when the matcher is first resolved; resolve it at
    /// startup (see <see cref="MatchingWarmup"/>) so the first request does not find it still loading.
    /// </summary>
    public static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddOptions<TopicsOptions>().BindConfiguration("Topics");
        services.AddOptions<MatchingOptions>().BindConfiguration("Matching");
        services.AddSingleton<TopicExtractor>();
        services.AddSingleton<TextEmbedder>();
        services.AddSingleton<InterestMatcher>();
        services.AddSingleton<InterestIndexes>();
        services.AddSingleton<IInterceptor, InterestPhraseWatcher>();
        services.AddHostedService<InterestEmbedding>();
        services.AddHealthChecks().AddCheck<MatchingHealth>("matching");
        services.AddHostedService<MatchingWarmup>();
        return services;
    }
}

/// <summary>Starts loading the model with the app instead of on the first request; requests meanwhile match lexically.</summary>
internal sealed class MatchingWarmup(InterestMatcher matcher, TextEmbedder embedder, ILogger<MatchingWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = matcher.CurrentMode;
        if (embedder.State == EmbedderState.Disabled)
            logger.LogInformation("Matching:UseEmbeddings is false: interests are matched lexically only");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
