using System.Security.Cryptography;
using System.Text;
using ContentHelper.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Accounts;

/// <summary>The one-time codes of the browser sign-in (<see cref="SignInCode"/>): issued, then redeemed once.</summary>
internal static class SignInCodes
{
    public static async Task<string> IssueAsync(AppDb db, SignInCodePurpose purpose, Guid accountId, string? challenge, string? tokenName,
        DateTime now, TimeSpan lifetime, CancellationToken ct)
    {
        var code = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.SignInCodes.Add(new SignInCode
        {
            Hash = TokenAuthentication.Hash(code), Purpose = purpose, AccountId = accountId, Challenge = challenge, TokenName = tokenName,
            CreatedAt = now, ExpiresAt = now + lifetime,
        });
        // Codes nobody redeemed go with the next one issued.
        db.SignInCodes.RemoveRange(await db.SignInCodes.Where(c => c.ExpiresAt < now).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return code;
    }

    /// <summary>
    /// The extension's code and the verifier of its challenge → the code's row, deleted in the same step so that it
    /// is redeemed once even when two instances are asked at the same moment; null when unknown, expired, used, or
    /// when the verifier does not match (which spends the code as well).
    /// </summary>
    public static async Task<SignInCode?> RedeemAsync(AppDb db, string code, string verifier, DateTime now, CancellationToken ct)
    {
        var hash = TokenAuthentication.Hash(code);
        var row = await db.SignInCodes.FirstOrDefaultAsync(c => c.Hash == hash && c.Purpose == SignInCodePurpose.Extension, ct);
        if (row is null) return null;
        db.SignInCodes.Remove(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // redeemed by a racing request
        }
        return row.ExpiresAt > now && row.Challenge is { } challenge && MatchesChallenge(verifier, challenge) ? row : null;
    }

    /// <summary>PKCE's S256: the challenge is the base64url SHA-256 of the verifier.</summary>
    public static bool MatchesChallenge(string verifier, string challenge) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Challenge(verifier)), Encoding.ASCII.GetBytes(challenge));

    public static string Challenge(string verifier) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>A challenge as S256 makes it: 43 base64url characters.</summary>
    public static bool IsChallenge(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
