using ContentHelper.Api.Platform;
using ContentHelper.Api.Articles;
using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Shares;

internal static class SharesApi
{
    /// <summary>Topics of a sent article kept with the share (the strongest first).</summary>
    const int SharedTopics = 3;

    public static RouteGroupBuilder MapShares(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/shares").WithTags("Shares").RequireAuthorization();
        group.MapGet("/", ListShares);
        group.MapGet("/export", ExportShares);
        group.MapGet("/{id:guid}", GetShare);
        group.MapPost("/", CreateShares);
        group.MapDelete("/{id:guid}", UndoShare);
        app.MapGet("/api/contacts/{id:guid}/shares", ListContactShares).WithTags("Shares").RequireAuthorization();
        return group;
    }

    /// <param name="q">Matches title, url and message.</param>
    /// <param name="from">Shares at or after this instant.</param>
    /// <param name="to">Shares before this instant.</param>
    static async Task<Results<Ok<PagedResponse<ShareResponse>>, ValidationProblem>> ListShares(
        CurrentUser me, AppDb db, CancellationToken ct, Guid? contactId = null, DateTime? from = null, DateTime? to = null,
        string? channel = null, string? q = null, int page = 1, int pageSize = 50)
    {
        var check = new QueryErrors().Paging(page, pageSize);
        var onChannel = check.Enum<Channel>(channel, "channel");
        if (check.Problem is { } invalid) return invalid;
        var query = Filter(db, me, contactId, from, to, onChannel, q);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((page - 1) * pageSize).Take(pageSize).Select(s => s.AsResponse()).ToListAsync(ct);
        return TypedResults.Ok(new PagedResponse<ShareResponse>(rows, page, pageSize, total));
    }

    static async Task<Results<Ok<PagedResponse<ShareResponse>>, ValidationProblem, NotFound>> ListContactShares(
        Guid id, CurrentUser me, AppDb db, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (!await db.Contacts.AnyAsync(c => c.Id == id && c.AccountId == me.AccountId, ct)) return TypedResults.NotFound();
        return await ListShares(me, db, ct, contactId: id, page: page, pageSize: pageSize) switch
        {
            { Result: Ok<PagedResponse<ShareResponse>> ok } => ok,
            { Result: ValidationProblem problem } => problem,
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    static async Task<Results<Ok<ShareResponse>, NotFound>> GetShare(Guid id, CurrentUser me, AppDb db, CancellationToken ct) =>
        await db.Shares.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.AccountId == me.AccountId, ct) is { } share
            ? TypedResults.Ok(share.AsResponse())
            : TypedResults.NotFound();

    static Task<Results<Created<CreateSharesResponse>, Ok<CreateSharesResponse>, ProblemHttpResult>> CreateShares(
        CreateShareRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock,
        AppMetrics metrics, CancellationToken ct) =>
        // A share is idempotent by its key, so a contact edited between our read and our save is simply read again.
        db.RetryOnConflictAsync(() => RecordShares(request, me, db, options, clock, metrics, ct));

    static async Task<Results<Created<CreateSharesResponse>, Ok<CreateSharesResponse>, ProblemHttpResult>> RecordShares(
        CreateShareRequest request, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, TimeProvider clock,
        AppMetrics metrics, CancellationToken ct)
    {
        var key = request.IdempotencyKey!;
        if (await Replay(db, me, key, ct) is { } replay) return TypedResults.Ok(replay);

        var ids = request.ContactIds!.Distinct().ToList();
        var contacts = await db.Contacts.Where(c => c.AccountId == me.AccountId && ids.Contains(c.Id)).ToListAsync(ct);
        if (contacts.Count != ids.Count)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown contact",
                detail: "No contact with id " + string.Join(", ", ids.Except(contacts.Select(c => c.Id))) + ".");

        var now = clock.GetUtcNow().UtcDateTime;
        var urlKey = ArticleIdentity.UrlKey(request.Url!);
        var titleKey = ArticleIdentity.TitleKey(request.Title);
        // What the article is about, as the reading list remembered it: later matched as an interest of theirs.
        var topics = await db.ReadingListArticles.AsNoTracking()
            .Where(a => a.AccountId == me.AccountId && (a.UrlKey == urlKey || (titleKey != "" && a.TitleKey == titleKey)))
            .OrderByDescending(a => a.UrlKey == urlKey).Select(a => a.Topics).FirstOrDefaultAsync(ct) ?? [];
        var shares = contacts.OrderBy(c => ids.IndexOf(c.Id)).Select(contact =>
        {
            var share = new Share
            {
                AccountId = me.AccountId,
                ContactId = contact.Id,
                ContactName = contact.Name,
                Url = request.Url!.Trim(),
                Title = request.Title?.Trim(),
                Action = request.Action!.Value,
                Channel = request.Channel!.Value,
                Message = request.Message,
                SharedAt = now,
                IdempotencyKey = key,
                UrlKey = urlKey,
                TitleKey = titleKey,
                Topics = [.. topics.Take(SharedTopics)],
            };
            // Real contact restarts the keep-in-touch timer.
            contact.LastContactedAt = now;
            contact.Refresh(options.Value);
            return share;
        }).ToList();
        db.Shares.AddRange(shares);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The same key arrived twice at once and the other request won the unique index.
            db.ChangeTracker.Clear();
            if (await Replay(db, me, key, ct) is { } raced) return TypedResults.Ok(raced);
            throw;
        }
        metrics.Share(Wire(request.Action!.Value), Wire(request.Channel!.Value), shares.Count);
        return TypedResults.Created($"/api/shares/{shares[0].Id}", new CreateSharesResponse(shares.Select(s => s.AsResponse()).ToList(), false));
    }

    static string Wire<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    static Task<Results<NoContent, NotFound>> UndoShare(
        Guid id, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, CancellationToken ct) =>
        // Undoing twice is undoing once; a contact edited meanwhile is read again.
        db.RetryOnConflictAsync(() => RemoveShare(id, me, db, options, ct));

    /// <summary>
    /// Deletes the share and recomputes the contact's last contact from the shares that remain (or the date entered
    /// by hand), in one transaction that first takes the contact's row. Undos of one contact's shares that arrive
    /// together then run one after another, each seeing what the others removed; otherwise each would recompute from
    /// shares another is removing and leave an undone share's date behind. The save still checks the contact's
    /// version, so an edit that raced in between is a conflict, and read again.
    /// </summary>
    static async Task<Results<NoContent, NotFound>> RemoveShare(
        Guid id, CurrentUser me, AppDb db, IOptions<ContactsOptions> options, CancellationToken ct)
    {
        var share = await db.Shares.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == me.AccountId, ct);
        if (share is null) return TypedResults.NotFound();
        await using var transaction = await LockContactAsync(db, share.ContactId, ct);
        // Saved first, so that the query below counts the shares that remain. Another undo of the same share that won
        // makes this a conflict; read again, the share is gone (404).
        db.Shares.Remove(share);
        await db.SaveChangesAsync(ct);

        if (share.ContactId is { } contactId && await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, ct) is { } contact)
        {
            var latestShare = await db.Shares.Where(s => s.ContactId == contactId).MaxAsync(s => (DateTime?)s.SharedAt, ct);
            contact.LastContactedAt = Max(latestShare, contact.LastContactedManuallyAt);
            contact.Refresh(options.Value);
            await db.SaveChangesAsync(ct);
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Opens the undo's transaction holding the contact's row: a no-op UPDATE takes its row lock on PostgreSQL (and
    /// SQLite's one write lock), kept until commit, so the next undo of the same contact waits and then reads what
    /// this one wrote. Null on InMemory, which has neither transactions nor bulk updates.
    /// </summary>
    static async Task<IDbContextTransaction?> LockContactAsync(AppDb db, Guid? contactId, CancellationToken ct)
    {
        if (!db.Database.IsRelational()) return null;
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (contactId is { } id) await db.Contacts.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version), ct);
        return transaction;
    }

    enum ExportFormat { Csv, Markdown }

    /// <param name="format">csv (default) or markdown.</param>
    static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportShares(
        CurrentUser me, AppDb db, TimeProvider clock, CancellationToken ct, string format = "csv",
        Guid? contactId = null, DateTime? from = null, DateTime? to = null, string? channel = null, string? q = null)
    {
        var check = new QueryErrors();
        var kind = check.Enum<ExportFormat>(format, "format");
        var onChannel = check.Enum<Channel>(channel, "channel");
        if (check.Problem is { } invalid) return invalid;
        var rows = await Filter(db, me, contactId, from, to, onChannel, q).ToListAsync(ct);
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-dd");
        return kind is ExportFormat.Csv
            ? TypedResults.File(ShareExport.ToCsv(rows), "text/csv; charset=utf-8", $"contenthelper-shares-{stamp}.csv")
            : TypedResults.File(ShareExport.ToMarkdown(rows), "text/markdown; charset=utf-8", $"contenthelper-shares-{stamp}.md");
    }

    static IQueryable<Share> Filter(AppDb db, CurrentUser me, Guid? contactId, DateTime? from, DateTime? to, Channel? channel, string? q)
    {
        var query = db.Shares.AsNoTracking().Where(s => s.AccountId == me.AccountId);
        if (contactId is not null) query = query.Where(s => s.ContactId == contactId);
        if (from is { } f) { var start = f.AsUtc(); query = query.Where(s => s.SharedAt >= start); }
        if (to is { } t) { var end = t.AsUtc(); query = query.Where(s => s.SharedAt < end); }
        if (channel is not null) query = query.Where(s => s.Channel == channel);
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Lower-casing in SQL keeps this one query on every provider; the history is small per account.
            var term = q.Trim().ToLower();
            query = query.Where(s => s.Url.ToLower().Contains(term)
                || (s.Title != null && s.Title.ToLower().Contains(term))
                || (s.Message != null && s.Message.ToLower().Contains(term)));
        }
        return query.OrderByDescending(s => s.SharedAt).ThenByDescending(s => s.Id);
    }

    static async Task<CreateSharesResponse?> Replay(AppDb db, CurrentUser me, string key, CancellationToken ct)
    {
        var existing = await db.Shares.AsNoTracking()
            .Where(s => s.AccountId == me.AccountId && s.IdempotencyKey == key)
            .OrderBy(s => s.Id)
            .Select(s => s.AsResponse())
            .ToListAsync(ct);
        return existing.Count == 0 ? null : new CreateSharesResponse(existing, true);
    }

    static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
