using System.Net;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Shares;

/// <summary>
/// Undos of one contact's shares that arrive together: each recomputes the last-contact date from the shares that
/// remain, so whatever order they commit in, the date ends where it was before any of the shares.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class ShareUndoRaceTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    public void Dispose() => folder.Dispose();

    const int Rounds = 5, SharesPerRound = 8;

    [Fact]
    public async Task UndoingEveryShareOfAContactAtOnceLeavesTheLastContactEnteredByHand()
    {
        // A file (or PostgreSQL) database, as deployed: undos run in parallel transactions.
        using var app = new ContentHelperApp(databaseFile: folder.DatabaseFile);
        var client = await app.SignUpAsync();
        var outcomes = new List<(int Round, DateTime ByHand, DateTime? Last, DateTime? Due)>();
        for (var round = 0; round < Rounds; round++)
        {
            var byHand = app.Clock.Now.UtcDateTime.AddDays(-200);
            var contact = await (await client.Post("/api/contacts", new ContactRequest { Name = $"Ben {round}", KeepInTouchDays = 30, LastContactedAt = byHand }))
                .Read<ContactResponse>(HttpStatusCode.Created);
            var shares = new List<Guid>();
            for (var i = 0; i < SharesPerRound; i++)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(1));
                var created = await (await client.Post("/api/shares", new CreateShareRequest
                {
                    ContactIds = [contact.Id], Url = $"https://example.com/{round}/{i}", Action = ShareAction.Send, Channel = Channel.Email,
                    IdempotencyKey = $"undo-race-{round}-{i}",
                })).Read<CreateSharesResponse>(HttpStatusCode.Created);
                shares.Add(created.Shares[0].Id);
            }

            var undos = await Task.WhenAll(shares.Select(id => client.DeleteAsync($"/api/shares/{id}")));

            Assert.All(undos, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
            Assert.Equal(0, (await (await client.GetAsync($"/api/contacts/{contact.Id}/shares")).Read<PagedResponse<ShareResponse>>()).Total);
            var after = await (await client.GetAsync($"/api/contacts/{contact.Id}")).Read<ContactResponse>();
            outcomes.Add((round, byHand, after.LastContactedAt, after.NextContactDue));
        }
        // Every round is checked, so that a failure says how many of them kept an undone share's date.
        Assert.All(outcomes, o => Assert.Equal((o.Round, (DateTime?)o.ByHand, (DateTime?)o.ByHand.AddDays(30)), (o.Round, o.Last, o.Due)));
    }
}
