using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Platform;

/// <summary>
/// Turns every failure into RFC 9457 ProblemDetails: malformed JSON names the offending field, request
/// errors keep their status (400, 413, 415), anything else is a 500 with no internals in the body.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [JsonField(json.Path)] = [JsonMessage(json)],
                })
                { Status = StatusCodes.Status400BadRequest, Title = "The request body is not valid JSON for this route." };
                break;
            case BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } m:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [m.Groups["name"].Value] = [m.Groups["value"].Success ? $"'{m.Groups["value"].Value}' is not a valid value." : "This value is required."],
                })
                { Status = StatusCodes.Status400BadRequest };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = DetailFor(bad) };
                break;
            // Handlers check that what they refer to exists; a row that changed or vanished between that read and
            // the save means another request won a race: the version check failed, or a foreign key lost its row.
            // EF Core reports a deadlock it takes for transient inside an InvalidOperationException: the same lost race.
            case var lost when (lost as DbUpdateException ?? lost.InnerException as DbUpdateException) is { } conflict
                               && (conflict is DbUpdateConcurrencyException || LostReference(conflict)):
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Changed by another request at the same time.",
                    Detail = $"{string.Join(", ", conflict.Entries.Select(Describe))}: changed or deleted by another request after this one read it; nothing was written. Read it again and retry.",
                };
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return true; // the client went away; nobody is left to answer
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
                break;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    // The framework's own wording for route and query binding failures, e.g.
    // Failed to bind parameter "Guid contactId" from "abc".  /  Required parameter "int page" was not provided
    [GeneratedRegex("""^(?:Failed to bind parameter|Required parameter) "(?:[^"]*[ .])?(?<name>\w+)"(?: from "(?<value>[^"]*)")?""")]
    private static partial Regex BindFailure();

    // Two merges of A into B and B into A lock the same rows in opposite order: PostgreSQL ends one as a deadlock.
    static bool LostReference(DbUpdateException e) => e.InnerException is
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation or Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure }
        or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 787 }; // SQLITE_CONSTRAINT_FOREIGNKEY

    /// <summary>"Contact 0193…" — what the conflicting request had read.</summary>
    static string Describe(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.Metadata.FindPrimaryKey()?.Properties is [var key]
            ? $"{entry.Metadata.ClrType.Name} {entry.Property(key.Name).CurrentValue}"
            : entry.Metadata.ClrType.Name;

    /// <summary>"$.contacts[0].circle" → "contacts[0].circle"; the root → "body".</summary>
    static string JsonField(string? path)
    {
        var field = (path ?? "$").TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    static string JsonMessage(JsonException json) =>
        json.Path is null or "$" ? "The body must be a JSON object." : "This value has the wrong type or is not one of the allowed values.";

    static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content type.",
        StatusCodes.Status408RequestTimeout => RequestLimits.BodyTooSlow,
        _ => "Bad request.",
    };

    static string DetailFor(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => "Send JSON with 'Content-Type: application/json'.",
        StatusCodes.Status413PayloadTooLarge => "Send a smaller body.",
        _ => bad.Message,
    };
}

/// <summary>Bound from the "Limits" config section.</summary>
public sealed class LimitsOptions
{
    /// <summary>Largest request body accepted, in bytes (8 MB): a long article's HTML fits with room to spare.</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Suggestions, parses and imports running at once (the rest wait in <see cref="ExpensiveQueue"/>). One per core
    /// but one: a core stays free for /health and the cheap routes.
    /// </summary>
    public int ExpensiveConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Requests that may wait for <see cref="ExpensiveConcurrency"/>; beyond, 503 with Retry-After.</summary>
    public int ExpensiveQueue { get; set; } = 32;

    /// <summary>
    /// Requests one token may send per minute, per instance (0 = no limit); past it, 429 with Retry-After. The
    /// extension sends a few per page it reads; a contacts page of 50,000 people pages through 50 at most.
    /// </summary>
    public int TokenRequestsPerMinute { get; set; } = 600;

    /// <summary>Of those, suggestions, parses and imports (0 = no limit of their own): one per article read is the usual pace.</summary>
    public int TokenExpensiveRequestsPerMinute { get; set; } = 60;

    /// <summary>
    /// Requests all the tokens of one account may send per minute together (0 = no limit), so that minting tokens
    /// and rotating over them gains nothing. As much as one token: a person reads with one browser at a time.
    /// </summary>
    public int AccountRequestsPerMinute { get; set; } = 600;

    /// <summary>Of those, suggestions, parses and imports, for all the account's tokens together (0 = no limit of their own).</summary>
    public int AccountExpensiveRequestsPerMinute { get; set; } = 60;

    /// <summary>
    /// Accounts that one client address (an IPv6 /64) may create per hour (0 = no limit); past it, 429. Behind a
    /// reverse proxy every client has the proxy's address: there, close registration (Accounts:OpenRegistration)
    /// or raise this.
    /// </summary>
    public int AccountsPerHourPerAddress { get; set; } = 20;

    /// <summary>
    /// The time every body of a suggestion, parse or import may take to arrive, on top of its size at
    /// <see cref="MinBodyBytesPerSecond"/>; past both, 408. The body is read in full before the request waits for
    /// an expensive slot, so a slow one holds nothing that others need, only its connection until then.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest upload accepted for those bodies, in bytes a second (50,000: 400 kbit/s, a poor mobile uplink):
    /// a 150 KB page may take 13 s, the 8 MB largest body 178 s. Kestrel's own floor (240 bytes a second, per
    /// connection) lets an 8 MB body take nine hours.
    /// </summary>
    public int MinBodyBytesPerSecond { get; set; } = 50_000;
}

public static class BodyLimit
{
    /// <summary>
    /// Rejects bodies over the limit with a 413 ProblemDetails before any handler reads them. Kestrel enforces
    /// the same limit while streaming (chunked bodies); this makes the answer a ProblemDetails and lets a route
    /// raise its own limit with <see cref="IRequestSizeLimitMetadata"/> (the contacts import takes larger files).
    /// </summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, long defaultLimit) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultLimit;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "The request body is too large.", Detail = $"The limit is {limit:N0} bytes." },
            });
            return;
        }
        await next(context);
    });
}
