using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContentHelper.Api.Matching;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ContentHelper.Api.Platform;

/// <summary>Bound from the "Telemetry" config section. The OTLP exporter itself is configured by the standard OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Serve the metrics at GET /metrics in Prometheus' text format, for a scraper. Anyone who reaches the port can read them.</summary>
    public bool PrometheusEndpoint { get; set; }

    /// <summary>The service.name of every span and metric (OTEL_SERVICE_NAME, when set, wins).</summary>
    public string ServiceName { get; set; } = "contenthelper";
}

/// <summary>
/// OpenTelemetry, opt-in: nothing is collected for export, and nothing sent, unless OTEL_EXPORTER_OTLP_ENDPOINT is set
/// (traces and metrics over OTLP, to that collector) or Telemetry:PrometheusEndpoint is on (metrics at /metrics).
/// Then: ASP.NET Core's requests, EF Core's commands (and Npgsql's, on PostgreSQL), the runtime, and the product's own
/// — a span per stage of a suggestion, the time each stage takes, the matching mode of every answer, the embedding
/// backlog, imports and shares (<see cref="AppMetrics"/>).
/// </summary>
public static class Telemetry
{
    public const string Name = "ContentHelper";

    /// <summary>The product's spans; no listener, no cost.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<AppMetrics>();
        services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry");
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !options.PrometheusEndpoint) return builder;

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(options.ServiceName));
        if (otlp)
            telemetry.WithTracing(tracing => tracing
                .AddSource(Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource("Npgsql")
                .AddOtlpExporter());
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql");
            if (otlp) metrics.AddOtlpExporter();
            if (options.PrometheusEndpoint) metrics.AddPrometheusExporter();
        });
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.PrometheusEndpoint)
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    // Probes run every few seconds and say nothing a trace would need.
    static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}

/// <summary>The product's own metrics (meter "ContentHelper"). Instruments nobody listens to cost next to nothing.</summary>
public sealed class AppMetrics
{
    readonly Histogram<double> stageDuration;
    readonly Counter<long> suggestions, imports, importRows, shares;

    public AppMetrics(IMeterFactory meters, IServiceProvider services)
    {
        var meter = meters.Create(Telemetry.Name);
        stageDuration = meter.CreateHistogram<double>("contenthelper.suggestion.stage.duration", "s",
            "Time one stage of a suggestion took (parse, index, topics, match, remember, relationships, draft).");
        suggestions = meter.CreateCounter<long>("contenthelper.suggestions", "{answer}", "Suggestion answers, by the matching mode they were made in.");
        imports = meter.CreateCounter<long>("contenthelper.imports", "{import}", "Contact imports applied or previewed, by format.");
        importRows = meter.CreateCounter<long>("contenthelper.imports.rows", "{row}", "Rows of applied imports, by what happened to them.");
        shares = meter.CreateCounter<long>("contenthelper.shares", "{share}", "Shares recorded, by action and channel.");
        // Read when collected: how many interest phrases wait for the embedding model, and whether it is loaded.
        meter.CreateObservableGauge("contenthelper.embedding.queue.length", () => services.GetService<InterestIndexes>()?.PendingCount ?? 0,
            "{phrase}", "Interest phrases waiting for a vector.");
        meter.CreateObservableGauge("contenthelper.embedding.model.ready", () => services.GetService<TextEmbedder>()?.IsReady == true ? 1 : 0,
            description: "1 when the embedding model is loaded and matching is semantic.");
    }

    public void Stage(string stage, TimeSpan duration) => stageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    public void Suggestion(string matching) => suggestions.Add(1, new KeyValuePair<string, object?>("matching", matching));

    public void Import(string format, bool dryRun, int created, int updated, int unchanged, int errors)
    {
        imports.Add(1, new("format", format), new("dry_run", dryRun));
        if (dryRun) return;
        foreach (var (action, count) in new[] { ("created", created), ("updated", updated), ("unchanged", unchanged), ("error", errors) })
            if (count > 0) importRows.Add(count, new("format", format), new("action", action));
    }

    public void Share(string action, string channel, int contacts) => shares.Add(contacts, new("action", action), new("channel", channel));
}
