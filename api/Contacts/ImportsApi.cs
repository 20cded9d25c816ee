using ContentHelper.Api.Platform;
using ContentHelper.Api.Accounts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ContentHelper.Api.Contacts;

internal static class ImportsApi
{
    // Room for the multipart envelope (boundaries, part headers) around a file of the largest allowed size.
    const long MultipartSlack = 64 * 1024;

    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var maxFile = app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes;
        // The platform's default body limit (8 MB) is below what an import takes; BodyLimit honours this per route.
        app.MapPost("/api/contacts/import", ImportContacts).WithTags("Imports").RequireAuthorization()
            .RequireRateLimiting(Platform.ExpensiveWork.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(maxFile + MultipartSlack))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The handler reads the body itself (a form or a raw file), so nothing declares it; describe both
                // here without .Accepts<>, which would turn every other content type into a 415.
                var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A LinkedIn Connections.csv, Google Contacts CSV or vCard file; the format is told from its content.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = file },
                                Required = new HashSet<string> { "file" },
                            },
                        },
                        ["text/csv"] = new() { Schema = file },
                        ["text/vcard"] = new() { Schema = file },
                    },
                };
                return Task.CompletedTask;
            });
        app.MapPost("/api/contacts/{id:guid}/interests/accept", AcceptInterests).WithTags("Imports").RequireAuthorization();
        app.MapPost("/api/contacts/{id:guid}/interests/dismiss", DismissInterests).WithTags("Imports").RequireAuthorization();

        var group = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        group.MapGet("/", ListImports);
        group.MapGet("/{id:guid}", GetImport);
        group.MapDelete("/{id:guid}", UndoImport);
        return group;
    }

    /// <summary>
    /// Imports LinkedIn Connections.csv, Google Contacts CSV or vCard, told apart by content: multipart form field
    /// "file", or the file as the raw body. 201 with the import's id (undo with DELETE /api/imports/{id}); 200 and
    /// no id when the file changes nothing.
    /// </summary>
    /// <param name="dryRun">Only plan: answer 200 with what each row would do, and write nothing.</param>
    static async Task<Results<Created<ImportResponse>, Ok<ImportResponse>, ValidationProblem, ProblemHttpResult>> ImportContacts(
        HttpRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> contactsOptions, IOptions<ImportOptions> importOptions,
        TimeProvider clock, AppMetrics metrics, [FromServices] ReadingFit readingFit, CancellationToken ct, bool dryRun = false)
    {
        var options = importOptions.Value;
        Stream body;
        Stream? upload = null; // the form's file stream is ours to close; the request body is the server's
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the file in the multipart form field 'file'."] });
            if (file.Length > options.MaxFileBytes) return TooLarge(options);
            body = upload = file.OpenReadStream();
            fileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 260)] : null;
        }
        else
        {
            // Buffered to a temporary file past 64 KB, so the encoding pass and the parsing pass can both read it
            // without the file sitting in memory.
            request.EnableBuffering(bufferThreshold: 64 * 1024);
            try
            {
                await request.Body.DrainAsync(options.MaxFileBytes, ct);
            }
            catch (InvalidDataException)
            {
                return TooLarge(options);
            }
            request.Body.Position = 0;
            body = request.Body;
        }

        await using var _ = upload;
        if (await ImportSource.OpenAsync(body, ct) is not { } source)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The file is empty."] });

        using var csv = source.LooksLikeVCard ? null : ContactCsvReader.Open(source);
        using var text = source.LooksLikeVCard ? source.OpenText() : null;
        var (format, rows) = (csv, text) switch
        {
            ({ } c, _) => (c.Format, c.Rows()),
            (_, { } t) => (ImportFormat.VCard, VCardReader.Read(t)),
            _ => ((ImportFormat?)null, Enumerable.Empty<ImportRow>()),
        };
        if (format is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file format.",
                detail: $"Send {ImportSource.AcceptedFormats}. The format is told from the file's content, not its name.");
        }

        var importer = new ContactImporter(db, contactsOptions.Value, options, clock, readingFit);
        var response = await importer.ImportAsync(me.AccountId, format.Value, source.EncodingName, fileName, rows, dryRun, ct);
        if (response is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many contacts in one file.",
                detail: $"A file may hold at most {options.MaxRows:N0} contacts; nothing was imported. Split it and import the parts.");
        }
        var counts = response.Counts;
        metrics.Import(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(format.Value.ToString()), dryRun,
            counts.Created, counts.Updated, counts.Unchanged, counts.Errors);
        // 200 without an id when nothing changed (or a dry run): there is no import to list or undo.
        return response.ImportId is { } id ? TypedResults.Created($"/api/imports/{id}", response) : TypedResults.Ok(response);
    }

    static ProblemHttpResult TooLarge(ImportOptions options) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
            detail: $"A file may be at most {options.MaxFileBytes:N0} bytes.");

    /// <summary>Applied imports, newest first, undone ones included.</summary>
    static async Task<Ok<List<ImportSummaryResponse>>> ListImports(CurrentUser me, AppDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Imports.AsNoTracking()
            .Where(i => i.AccountId == me.AccountId)
            .OrderByDescending(i => i.ImportedAt).ThenByDescending(i => i.Id)
            .Take(200)
            .Select(i => i.AsResponse())
            .ToListAsync(ct));

    static async Task<Results<Ok<ImportSummaryResponse>, NotFound>> GetImport(Guid id, CurrentUser me, AppDb db, CancellationToken ct) =>
        await db.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.AccountId == me.AccountId, ct) is { } import
            ? TypedResults.Ok(import.AsResponse())
            : TypedResults.NotFound();

    /// <summary>
    /// Undoes an import: removes the contacts it created and restores the fields it changed, keeping (and listing)
    /// what was edited since. 409 when a later import, still in place, changed the same fields: undo that one first.
    /// </summary>
    static async Task<Results<Ok<UndoImportResponse>, NotFound, ProblemHttpResult>> UndoImport(
        Guid id, CurrentUser me, AppDb db, IOptions<ContactsOptions> contactsOptions, IOptions<ImportOptions> importOptions,
        TimeProvider clock, CancellationToken ct)
    {
        var importer = new ContactImporter(db, contactsOptions.Value, importOptions.Value, clock);
        // Under the account's import lock: no import or other undo lands between the checks below and the undo.
        await using var transaction = await importer.LockImportsAsync(me.AccountId, ct);
        var import = await db.Imports.FirstOrDefaultAsync(i => i.Id == id && i.AccountId == me.AccountId, ct);
        if (import is null) return TypedResults.NotFound();
        if (import.UndoneAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already undone.",
                detail: $"This import was undone at {import.UndoneAt:u}.");
        var log = await importer.LogAsync(import, ct);
        if (await importer.LaterImportsOnTopAsync(import, log, ct) is { Count: > 0 } later)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A later import changed the same contacts.",
                detail: string.Join(" ", later.Select(l => $"The import of {Describe(l.Import)} ({l.Import.Id}) changed {l.Fields} of the fields this one set.")) +
                    " Undo " + (later.Count == 1 ? "it" : "them, newest first,") + " before this one: imports are undone newest first, so that every field goes back to what it was.",
                extensions: new Dictionary<string, object?> { ["laterImports"] = later.Select(l => l.Import.Id).ToList() });
        }
        var undone = await importer.UndoAsync(import, log, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return TypedResults.Ok(undone);
    }

    static string Describe(ContactImport import) =>
        (import.FileName is { } name ? $"'{name}'" : $"a {import.Format} file") + $" at {import.ImportedAt:u}";

    /// <summary>Moves suggested interests into the contact's interests, where matching sees them.</summary>
    static async Task<Results<Ok<ContactResponse>, ValidationProblem, NotFound>> AcceptInterests(
        Guid id, [FromBody] AcceptInterestsRequest? request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options,
        ImplicitInterests implicitInterests, TimeProvider clock, CancellationToken ct) =>
        await ReviewSuggestions(id, request, accept: true, me, db, options.Value, implicitInterests, clock, ct);

    /// <summary>Drops suggested (or implicit) interests without adding them; neither an import nor matching offers them again.</summary>
    static async Task<Results<Ok<ContactResponse>, ValidationProblem, NotFound>> DismissInterests(
        Guid id, [FromBody] AcceptInterestsRequest? request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options,
        ImplicitInterests implicitInterests, TimeProvider clock, CancellationToken ct) =>
        await ReviewSuggestions(id, request, accept: false, me, db, options.Value, implicitInterests, clock, ct);

    static async Task<Results<Ok<ContactResponse>, ValidationProblem, NotFound>> ReviewSuggestions(
        Guid id, AcceptInterestsRequest? request, bool accept, CurrentUser me, AppDb db, ContactsOptions options,
        ImplicitInterests implicitInterests, TimeProvider clock, CancellationToken ct)
    {
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == me.AccountId, ct);
        if (contact is null) return TypedResults.NotFound();
        var chosen = request?.Interests is { Count: > 0 } list ? Phrases.Normalize(list) : [.. contact.SuggestedInterests];
        // An interest matching read from their headline, tags, notes or what was sent can be taken or turned down too.
        var offered = contact.SuggestedInterests.Concat((await implicitInterests.ForContactAsync(db, contact, ct)).Select(i => i.Interest)).ToList();
        var unknown = chosen.Where(i => !offered.Contains(i, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["interests"] = [$"Not suggested for this contact: {string.Join(", ", unknown)}."] });
        if (accept)
        {
            var interests = Phrases.Normalize(contact.Interests.Concat(chosen));
            if (interests.Count > 50)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["interests"] = ["A contact has at most 50 interests."] });
            contact.Interests = interests;
        }
        else
        {
            contact.DismissedInterests = Phrases.Normalize(contact.DismissedInterests.Concat(chosen));
        }
        contact.SuggestedInterests = [.. contact.SuggestedInterests.Where(s => !chosen.Contains(s, StringComparer.OrdinalIgnoreCase))];
        var now = clock.GetUtcNow().UtcDateTime;
        contact.UpdatedAt = now;
        contact.Refresh(options);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(contact.AsResponse(options, now));
    }
}
