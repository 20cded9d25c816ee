using System.Text.Json;
using System.Text.Json.Serialization;
using ContentHelper.Api.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace ContentHelper.Api.Platform;

/// <summary>What every feature relies on: JSON, errors, auth, CORS, limits, docs, health, logging.</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        // Below every other source: appsettings.json, ASPNETCORE_URLS / DOTNET_URLS and --urls all override it.
        // (A "Urls" key in appsettings.json would override ASPNETCORE_URLS, which surprises operators.)
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["urls"] = "http://localhost:5080" },
        });
        var services = builder.Services;
        var limits = builder.Configuration.GetSection("Limits").Get<LimitsOptions>() ?? new LimitsOptions();
        services.AddOptions<LimitsOptions>().BindConfiguration("Limits");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxBodyBytes);

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Validation reports C# property names; this makes ValidationProblem's error keys the JSON names.
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so the exception handler can name the bad field
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<HeapTrimmer>();

        services.AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddAuthorization();

        services.AddOptions<CorsOptions>().BindConfiguration("Cors");
        var cors = builder.Configuration.GetSection("Cors").Get<CorsOptions>() ?? new CorsOptions();
        var development = builder.Environment.IsDevelopment();
        // Only the browser extension calls us from a browser, and only ours: no web origin, no other extension.
        services.AddCors(o => o.AddDefaultPolicy(p => p
            .SetIsOriginAllowed(origin => cors.Allows(origin, anyExtension: development))
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Content-Disposition")));

        services.AddRequestLimits();
        services.AddOptions<HealthOptions>().BindConfiguration("Health");
        // Logging:Console:FormatterName=json writes one JSON object per line, for log collectors; its lines carry a
        // UTC time unless Logging:Console:FormatterOptions says otherwise.
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
        {
            if (o.TimestampFormat is not null) return;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            o.UseUtcTimestamp = true;
        });
        services.AddApiDocs();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLogging();
        app.UseCors();
        app.UseRouting();
        app.UseBodyLimit(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value.MaxBodyBytes);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestLimits();

        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "ContentHelper API");
            o.RoutePrefix = "swagger";
        });
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReport.WriteAsync });
        // Probes for orchestrators and the container's HEALTHCHECK. Live: the process answers (no check runs, so a
        // database outage never gets a healthy process restarted). Ready: every check — the database answers, the
        // schema is migrated; a model still loading is Degraded, which answers 200, so it never holds traffic back.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReport.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = HealthReport.WriteAsync });
        // Unknown routes under /api answer 404 ProblemDetails (UseStatusCodePages), never the SPA-style fallback.
        return app;
    }
}

/// <summary>Bound from the "Cors" config section.</summary>
public sealed class CorsOptions
{
    /// <summary>
    /// The extension ids whose pages may call the API from a browser: a Chrome id (32 letters a–p, fixed by the
    /// store, or derived from the folder of an unpacked copy) or a Firefox install's moz-extension UUID (random per
    /// install, shown in about:debugging; the add-on id in the manifest never appears in an Origin). The extension
    /// itself reaches the server through its host permission, where CORS does not apply, so the list is empty
    /// until a store id is published. In Development any extension may call.
    /// </summary>
    public List<string> ExtensionIds { get; set; } = [];

    public bool Allows(string origin, bool anyExtension)
    {
        var id = origin.StartsWith("chrome-extension://", StringComparison.Ordinal) ? origin["chrome-extension://".Length..]
            : origin.StartsWith("moz-extension://", StringComparison.Ordinal) ? origin["moz-extension://".Length..]
            : null;
        if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        return anyExtension || ExtensionIds.Contains(id, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Command-line switches without a value ("--seed-demo") as configuration keys.</summary>
public static class Args
{
    public static string[] WithSwitches(string[] args) =>
        [.. args.Select(a => a == "--seed-demo" ? "--Seed:Demo=true" : a)];
}
