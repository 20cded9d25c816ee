using ContentHelper.Api.Accounts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Api.Suggestions;

/// <summary>
/// What the drafts learned of how the user writes, and forgetting it. Learning itself is switched on and off with
/// <c>learnVoice</c> on <c>PUT /api/me</c>; forgetting keeps every share and its message (the history is the user's),
/// and only stops the notes sent so far from being read for the voice.
/// </summary>
internal static class VoiceApi
{
    public static RouteGroupBuilder MapVoice(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/voice").WithTags("Accounts").RequireAuthorization();
        group.MapGet("/", GetVoice);
        group.MapDelete("/", ForgetVoice);
        return group;
    }

    static async Task<Ok<VoiceResponse>> GetVoice(CurrentUser me, AppDb db, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == me.AccountId).Select(a => new { a.LearnVoice, a.VoiceForgottenAt }).SingleAsync(ct);
        if (!account.LearnVoice) return TypedResults.Ok(new VoiceResponse(false, 0, null, null, null, null));
        var voice = await VoiceLearner.ForAccountAsync(db, me.AccountId, account.VoiceForgottenAt, ct);
        return TypedResults.Ok(new VoiceResponse(true, voice.LearnedFrom, voice.Greeting, voice.SignOff, voice.Sentences, voice.Closing));
    }

    static async Task<NoContent> ForgetVoice(CurrentUser me, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Accounts.Where(a => a.Id == me.AccountId).ExecuteUpdateAsync(a => a.SetProperty(x => x.VoiceForgottenAt, now), ct);
        return TypedResults.NoContent();
    }
}
