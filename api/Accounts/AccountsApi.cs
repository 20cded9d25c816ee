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
        app.MapGet("/api/accounts/sign-in", SignInOptions).WithTags("Accounts").AllowAnonymous();

        var me = app.MapGroup("/api/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("/", GetMe);
        me.MapPut("/", UpdateMe);
        me.MapDelete("/", DeleteMe);
        me.MapPost("/link", LinkIdentity);

        var tokens = app.MapGroup("/api/tokens").WithTags("Accounts").RequireAuthorization();
        tokens.MapGet("/", ListTokens);
        tokens.MapPost("/", CreateToken);
        tokens.MapDelete("/current", RevokeCurrentToken);
        tokens.MapDelete("/{id:guid}", RevokeToken);
        app.MapPost("/api/tokens/exchange", ExchangeCode).WithTags("Accounts").AllowAnonymous();
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
            .Select(t => new TokenResponse(t.Id, t.Name, t.CreatedAt, t.Id == me.TokenId, t.LastUsedAt))
            .ToListAsync(ct));

    static Task<Results<Created<CreateTokenResponse>, ProblemHttpResult>> CreateToken(
        CreateTokenRequest? request, CurrentUser me, AppDb db, IOptions<AccountsOptions> options, TimeProvider clock, CancellationToken ct) =>
        IssueTokenAsync(db, me.AccountId, request?.Name?.Trim(), options.Value, clock.GetUtcNow().UtcDateTime, ct);

    static async Task<Results<Created<CreateTokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        AppDb db, Guid accountId, string? name, AccountsOptions options, DateTime now, CancellationToken ct)
    {
        // Counted before the insert: requests racing each other could pass the cap by their number, which the
        // per-account rate limit keeps small.
        var max = options.MaxTokens;
        if (await db.ApiTokens.CountAsync(t => t.AccountId == accountId, ct) >= max)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many tokens.",
                detail: $"This account holds {max} tokens, the most allowed (Accounts:MaxTokens). Revoke one you no longer use " +
                        "(GET /api/tokens lists them, DELETE /api/tokens/{id} revokes one), then ask again.");

        var token = TokenAuthentication.NewToken();
        var row = new ApiToken { AccountId = accountId, Hash = TokenAuthentication.Hash(token), Name = name, CreatedAt = now };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/tokens", new CreateTokenResponse(row.Id, token));
    }

    /// <summary>How the extension's first run should offer to sign in: create an account here, or through the team's provider.</summary>
    static Ok<SignInOptionsResponse> SignInOptions(IOptions<AccountsOptions> accounts, IOptions<OidcOptions> oidc) =>
        TypedResults.Ok(new SignInOptionsResponse(accounts.Value.OpenRegistration,
            oidc.Value.Enabled ? oidc.Value.DisplayName : null, oidc.Value.Enabled ? AccountPages.ExtensionPath : null));

    /// <summary>
    /// The extension's browser sign-in, last step: the code the account page approved, with the PKCE verifier only the
    /// extension holds, becomes a token named for that browser. A code works once, within Oidc:CodeLifetime.
    /// </summary>
    static async Task<Results<Created<CreateTokenResponse>, ProblemHttpResult>> ExchangeCode(
        ExchangeCodeRequest request, AppDb db, IOptions<AccountsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await SignInCodes.RedeemAsync(db, request.Code!, request.Verifier!, now, ct) is not { } code)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-in code is not valid.",
                detail: "It is unknown, was used already, expired, or does not belong to this verifier. Sign in again from the extension's options.");
        return await IssueTokenAsync(db, code.AccountId, code.TokenName, options.Value, now, ct);
    }

    /// <summary>
    /// An account that exists already (made with POST /api/accounts) gets a link: opened in a browser within
    /// Oidc:CodeLifetime, the provider sign-in that follows is linked to this account, and signs in to it from then on.
    /// </summary>
    static async Task<Results<Created<LinkIdentityResponse>, ProblemHttpResult>> LinkIdentity(
        CurrentUser me, AppDb db, IOptions<OidcOptions> oidc, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!oidc.Value.Enabled)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No identity provider is configured.",
                detail: "This server signs in with tokens only (Oidc:Authority and Oidc:ClientId are not set).");
        if (await db.ExternalLogins.AnyAsync(l => l.AccountId == me.AccountId, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This account is linked already.",
                detail: "It signs in with its identity at the provider; one identity per account.");
        var now = clock.GetUtcNow().UtcDateTime;
        var code = await SignInCodes.IssueAsync(db, SignInCodePurpose.Link, me.AccountId, null, null, now, oidc.Value.CodeLifetime, ct);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/account/link?code={Uri.EscapeDataString(code)}";
        return TypedResults.Created("/account", new LinkIdentityResponse(url, now + oidc.Value.CodeLifetime));
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
