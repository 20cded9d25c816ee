using ContentHelper.Api.Data;
using ContentHelper.Shared.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Accounts;

internal static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/accounts", CreateAccount).WithTags("Accounts").AllowAnonymous().RequireRateLimiting(Platform.AccountCreation.Policy);

        var me = app.MapGroup("/api/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("/", GetMe);
        me.MapPut("/", UpdateMe);
        me.MapDelete("/", DeleteMe);

        var tokens = app.MapGroup("/api/tokens").WithTags("Accounts").RequireAuthorization();
        tokens.MapGet("/", ListTokens);
        tokens.MapPost("/", CreateToken);
        tokens.MapDelete("/current", RevokeCurrentToken);
        tokens.MapDelete("/{id:guid}", RevokeToken);
        return app;
    }

    static async Task<Results<Created<CreateAccountResponse>, ProblemHttpResult>> CreateAccount(
        CreateAccountRequest request, AppDb db, IOptions<AccountsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!options.Value.OpenRegistration)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Registration is closed",
                detail: "This server does not accept new accounts (Accounts:OpenRegistration=false).");

        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account { Name = request.Name!.Trim(), CreatedAt = now };
        var token = TokenAuthentication.NewToken();
        db.Accounts.Add(account);
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Hash = TokenAuthentication.Hash(token), Name = "first", CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/me", new CreateAccountResponse(account.Id, token));
    }

    static async Task<Ok<MeResponse>> GetMe(CurrentUser me, AppDb db, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == me.AccountId, ct);
        return TypedResults.Ok(account.AsResponse());
    }

    static async Task<Ok<MeResponse>> UpdateMe(UpdateMeRequest request, CurrentUser me, AppDb db, CancellationToken ct)
    {
        var account = await db.Accounts.SingleAsync(a => a.Id == me.AccountId, ct);
        account.Name = request.Name!.Trim();
        account.Interests = Phrases.Normalize(request.Interests);
        if (request.UseImplicitInterests is { } useImplicit) account.UseImplicitInterests = useImplicit;
        if (request.Tone is { } tone) account.Tone = tone;
        if (request.LearnVoice is { } learn) account.LearnVoice = learn;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(account.AsResponse());
    }

    /// <summary>
    /// Deletes the account and everything of it — contacts, share history, imports and their undo log, the reading
    /// list, "not now"s and every token — in one transaction. The token used stops working with it.
    /// </summary>
    static async Task<NoContent> DeleteMe(CurrentUser me, AppDb db, CancellationToken ct)
    {
        // Deleting twice is deleting once: a second request racing the first finds nothing left.
        await db.EraseAccountAsync(me.AccountId, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<TokenResponse>>> ListTokens(CurrentUser me, AppDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.ApiTokens.AsNoTracking()
            .Where(t => t.AccountId == me.AccountId)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new TokenResponse(t.Id, t.Name, t.CreatedAt, t.Id == me.TokenId))
            .ToListAsync(ct));

    static async Task<Results<Created<CreateTokenResponse>, ProblemHttpResult>> CreateToken(
        CreateTokenRequest? request, CurrentUser me, AppDb db, IOptions<AccountsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        // Counted before the insert: requests racing each other could pass the cap by their number, which the
        // per-account rate limit keeps small.
        var max = options.Value.MaxTokens;
        if (await db.ApiTokens.CountAsync(t => t.AccountId == me.AccountId, ct) >= max)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many tokens.",
                detail: $"This account holds {max} tokens, the most allowed (Accounts:MaxTokens). Revoke one you no longer use " +
                        "(GET /api/tokens lists them, DELETE /api/tokens/{id} revokes one), then ask again.");

        var token = TokenAuthentication.NewToken();
        var row = new ApiToken
        {
            AccountId = me.AccountId,
            Hash = TokenAuthentication.Hash(token),
            Name = request?.Name?.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/tokens", new CreateTokenResponse(row.Id, token));
    }

    static async Task<NoContent> RevokeCurrentToken(CurrentUser me, AppDb db, CancellationToken ct)
    {
        await db.ApiTokens.Where(t => t.Id == me.TokenId).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<NoContent, NotFound>> RevokeToken(Guid id, CurrentUser me, AppDb db, CancellationToken ct) =>
        await db.ApiTokens.Where(t => t.Id == id && t.AccountId == me.AccountId).ExecuteDeleteAsync(ct) == 0
            ? TypedResults.NotFound()
            : TypedResults.NoContent();
}
