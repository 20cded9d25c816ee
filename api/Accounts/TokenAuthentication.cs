using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ContentHelper.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentHelper.Api.Accounts;

/// <summary>
/// "Authorization: Bearer ch_…" against the stored SHA-256 of each token. A token carries 256 random bits,
/// so a plain hash (no salt, no stretching) is enough: there is nothing to brute-force.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AppDb db, IProblemDetailsService problems, IOptions<AccountsOptions> accounts, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AccountClaim = "account";
    public const string TokenClaim = "token";
    const string Prefix = "ch_";

    public static string NewToken() => Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Use the Bearer scheme: 'Authorization: Bearer <token>'.");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("The token is malformed.");

        var hash = Hash(token);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.AccountId, t.Hash, t.LastUsedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        // The lookup is by an index on the hash; the final comparison is constant-time regardless.
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.Hash, hash))
            return AuthenticateResult.Fail("The token is unknown or was revoked.");

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is not { } used || now - used >= accounts.Value.LastUsedPrecision)
            await MarkUsedAsync(found.Id, now);

        var identity = new ClaimsIdentity(
            [new Claim(AccountClaim, found.AccountId.ToString()), new Claim(TokenClaim, found.Id.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Writes the token's last use. Bookkeeping only: when another writer holds the database (SQLite has one write lock,
    /// which a long import or a vacuum may hold for a while), the request goes on after a short wait and the
    /// next request a minute on writes it. Any other failure (a schema not migrated, a broken disk) is a fault and
    /// fails the request as before.
    /// </summary>
    async Task MarkUsedAsync(Guid tokenId, DateTime now)
    {
        var timeout = db.Database.IsRelational() ? db.Database.GetCommandTimeout() : null;
        try
        {
            if (db.Database.IsRelational()) db.Database.SetCommandTimeout(LastUsedWait);
            await WriteLastUsedAsync(tokenId, now);
        }
        catch (DbException e) when (IsContention(e))
        {
            Logger.LogWarning(e, "The last use of token {Token} was not recorded: the database is busy", tokenId);
        }
        finally
        {
            if (db.Database.IsRelational()) db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>How long a request waits to write its token's last use (SQLite retries a busy database for this long).</summary>
    static readonly TimeSpan LastUsedWait = TimeSpan.FromSeconds(2);

    /// <summary>SQLite's busy or locked database, or what the provider itself calls transient (a timeout, a dropped connection).</summary>
    static bool IsContention(DbException e) =>
        e is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } || e.IsTransient;

    async Task WriteLastUsedAsync(Guid tokenId, DateTime now)
    {
        if (db.Database.IsRelational())
        {
            await db.ApiTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
            return;
        }
        // The InMemory store (a throwaway demo) has no bulk updates.
        if (await db.ApiTokens.FindAsync([tokenId], Context.RequestAborted) is { } token)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
            db.Entry(token).State = EntityState.Detached;
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        // The handler remembers this request's result; the authenticate-result feature holds only successes.
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = failed?.Message ?? "Send 'Authorization: Bearer <token>'. Create an account with POST /api/accounts to get a token.",
            },
        });
    }
}

/// <summary>The authenticated account, bound straight into handlers.</summary>
public sealed record CurrentUser(Guid AccountId, Guid TokenId)
{
    public static ValueTask<CurrentUser?> BindAsync(HttpContext context)
    {
        var user = context.User;
        return ValueTask.FromResult(
            Guid.TryParse(user.FindFirstValue(TokenAuthentication.AccountClaim), out var account)
            && Guid.TryParse(user.FindFirstValue(TokenAuthentication.TokenClaim), out var token)
                ? new CurrentUser(account, token)
                : null);
    }
}
