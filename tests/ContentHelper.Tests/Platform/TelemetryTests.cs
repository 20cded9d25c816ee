using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// Telemetry is opt-in. Configured (OTEL_EXPORTER_OTLP_ENDPOINT), a suggestion exports a span and a duration per
/// stage over OTLP to a receiver on loopback; not configured, no exporter exists at all.
/// </summary>
public sealed class TelemetryTests
{
    static readonly string[] Stages = ["parse", "index", "topics", "match", "remember", "relationships", "draft"];

    [Fact]
    public async Task WithoutConfigurationNoTelemetryProviderOrExporterExists()
    {
        using var app = new ContentHelperApp();
        var client = await app.SignUpAsync();
        await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() });

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task ASuggestionExportsASpanAndADurationPerStageOverOtlp()
    {
        using var receiver = new OtlpReceiver();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var app = new ContentHelperApp(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        })
        {
            TestServices = services => services
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)),
        };
        var client = await app.SignUpAsync();
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        // The request carries a trace of its own: the ActivitySource is process-wide, so spans of apps that other tests
        // run at the same time reach this exporter too, and only this trace is this request's.
        var traceId = ActivityTraceId.CreateRandom();
        using var suggest = new HttpRequestMessage(HttpMethod.Post, "/api/suggestions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }, options: Json.Options),
        };
        suggest.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var answer = await (await client.SendAsync(suggest)).Read<SuggestionsResponse>();
        Assert.Equal("Ben", Assert.Single(answer.Suggestions).Contact.Name);
        await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [ben.Id], Url = Pages.CarbonUrl, Title = Pages.CarbonTitle, Action = ShareAction.Send, Channel = Channel.Email,
            Message = "Ben, look.", IdempotencyKey = "telemetry-1",
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);
        await client.ImportText("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nCleo,Ray,,,Acme,CFO,12 Mar 2024\n");

        var tracer = app.Services.GetRequiredService<TracerProvider>();
        var server = await EventuallyAsync(() =>
        {
            tracer.ForceFlush();
            lock (spans) return spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId == traceId && s.GetTagItem("url.path") as string == "/api/suggestions");
        });
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        List<Activity> stages;
        lock (spans) stages = [.. spans.Where(s => s.Source.Name == "ContentHelper" && s.TraceId == traceId)];
        Assert.Equal(Stages.Select(s => "suggestion." + s), stages.Select(s => s.DisplayName));
        Assert.All(stages, s => Assert.Equal((server.TraceId, server.SpanId), (s.TraceId, s.ParentSpanId)));
        Assert.All(stages, s => Assert.True(s.StartTimeUtc >= server.StartTimeUtc && s.Duration >= TimeSpan.Zero));

        Assert.Equal(Stages.Order(), Tags(metrics, "contenthelper.suggestion.stage.duration", "stage").Order());
        Assert.Equal(["lexical"], Tags(metrics, "contenthelper.suggestions", "matching"));
        Assert.Equal(["email"], Tags(metrics, "contenthelper.shares", "channel"));
        Assert.Equal(["linkedIn"], Tags(metrics, "contenthelper.imports", "format"));
        Assert.Contains(metrics, m => m.Name == "contenthelper.embedding.queue.length");
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        // The same went over the wire, as OTLP protobuf, to the receiver.
        Assert.Contains("suggestion.draft", await EventuallyAsync(() => receiver.Body("/v1/traces")));
        Assert.Contains("contenthelper.suggestion.stage.duration", await EventuallyAsync(() => receiver.Body("/v1/metrics")));
    }

    [Fact]
    public async Task ThePrometheusEndpointServesTheStageDurationsWhenSwitchedOn()
    {
        using var app = new ContentHelperApp(new() { ["Telemetry:PrometheusEndpoint"] = "true" });
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).Read<SuggestionsResponse>();

        var text = await app.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("contenthelper_suggestion_stage_duration_seconds_count{", text);
        Assert.Contains("stage=\"match\"", text);
        Assert.Null(app.Services.GetService<TracerProvider>()); // metrics only: no spans are kept for nobody
    }

    /// <summary>The values one tag takes across the points of one metric.</summary>
    static List<string> Tags(List<Metric> metrics, string name, string tag)
    {
        var values = new List<string>();
        foreach (var metric in metrics.Where(m => m.Name == name))
            foreach (ref readonly var point in metric.GetMetricPoints())
                foreach (var t in point.Tags)
                    if (t.Key == tag) values.Add(t.Value?.ToString() ?? "");
        return [.. values.Distinct()];
    }

    /// <summary>Polls for something exported on another thread, within bounds.</summary>
    static async Task<T> EventuallyAsync<T>(Func<T?> read) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (read() is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("Nothing was exported within 30 s.");
    }

    /// <summary>An OTLP/HTTP receiver on loopback: keeps each request's body by path.</summary>
    sealed class OtlpReceiver : IDisposable
    {
        readonly HttpListener listener = new();
        readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> bodies = new();

        public string Url { get; }

        public OtlpReceiver()
        {
            var port = ContentHelperApp.FreeLoopbackUrl().Port;
            Url = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(Url + "/");
            listener.Start();
            _ = ServeAsync();
        }

        async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                bodies.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new()).Enqueue(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        /// <summary>Everything posted to <paramref name="path"/> so far, as text (protobuf keeps strings as UTF-8), or null.</summary>
        public string? Body(string path) =>
            bodies.TryGetValue(path, out var queue) && !queue.IsEmpty ? string.Concat(queue.Select(b => Encoding.UTF8.GetString(b))) : null;

        public void Dispose() => listener.Close();
    }
}
