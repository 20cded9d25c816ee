using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Ideas;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Xunit.Abstractions;

namespace ContentHelper.Tests.Ideas;

/// <summary>
/// A routine a person can keep: an imported network comes due a few people a week, most valuable first, and every
/// place that counts who is due (badge, reminder, popup, page) reads the same numbers.
/// </summary>
[Trait("Storage", "Portable")]
public sealed class KeepInTouchScheduleTests(ITestOutputHelper output) : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    DateTime Now => app.Clock.Now.UtcDateTime;

    /// <summary>Late on the last day of a week after the import (in whole ticks: a date 27 weeks on must land on the same instant).</summary>
    static DateTimeOffset WeekEnd(DateTimeOffset start, int week) => start + TimeSpan.FromDays(7 * week) + TimeSpan.FromHours(6 * 24 + 20);

    static async Task<KeepInTouchResponse> Due(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/keep-in-touch" + query)).Read<KeepInTouchResponse>();

    /// <summary>A note to each of them, recorded as the keep-in-touch page records it.</summary>
    static async Task Write(HttpClient client, IReadOnlyList<Guid> ids, string url) =>
        await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [.. ids], Url = url, Title = "A note", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = Guid.NewGuid().ToString(),
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);

    [Fact]
    public async Task AnImportOf500ConnectionsComesDueTenInItsFirstWeekThenFifteenAWeekUntilEveryoneHasBeenOffered()
    {
        var client = await app.SignUpAsync();
        var start = app.Clock.Now;
        var network = LinkedInNetwork.Make(500, Now, seed: 23);
        Assert.Equal(500, (await client.ImportText(LinkedInNetwork.Csv(network))).Counts.Created);
        var connected = network.ToDictionary(p => p.Name, p => p.ConnectedOn);

        // Week by week, the user writes to everyone the page says is due. Counted at the end of each week, before
        // writing: the most that week ever shows.
        var offeredIn = new Dictionary<string, int>();
        var perWeek = new List<int>();
        for (var week = 0; offeredIn.Count < network.Count; week++)
        {
            Assert.True(week < 40, $"after {week} weeks only {offeredIn.Count} of {network.Count} have been offered a note");
            app.Clock.Now = WeekEnd(start, week);
            var page = await Due(client, "?limit=50");
            Assert.True(page.Due <= (week == 0 ? 10 : 15), $"week {week + 1}: {page.Due} people due");
            var due = page.Contacts.Where(c => c.DaysOverdue >= 0).ToList();
            Assert.Equal(page.Due, due.Count);
            perWeek.Add(page.Due);
            foreach (var person in due) Assert.True(offeredIn.TryAdd(person.Contact.Name, week), $"{person.Contact.Name} offered twice");
            if (due.Count > 0) await Write(client, [.. due.Select(c => c.Contact.Id)], $"https://ledger.example.com/week-{week}");
        }

        output.WriteLine($"People due per week after an import of 500 connections: {string.Join(", ", perWeek)}");
        Assert.InRange(perWeek.Count, 33, 36);
        Assert.Equal(10, perWeek[0]);
        Assert.All(perWeek.Skip(1).SkipLast(1), n => Assert.Equal(15, n));
        // Most valuable first: among the people already past their first date at the import (connected more than a
        // cadence ago), the more recently connected come in earlier weeks.
        var importDay = DateOnly.FromDateTime(start.UtcDateTime);
        var backlog = offeredIn.Where(o => connected[o.Key] < importDay.AddDays(-180)).OrderByDescending(o => connected[o.Key]).Select(o => o.Value).ToList();
        Assert.Equal(backlog.Order(), backlog);
    }

    [Fact]
    public async Task AnImportPlansTheFirstNotesToThePeopleTheReadingFitsBeforeTheOthers()
    {
        var client = await app.SignUpAsync();
        (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).EnsureSuccessStatusCode();
        var start = Now;
        // Forty people who connected long ago. The three the carbon story fits (by their position) are the file's last
        // and the longest connected: by recency alone they would come two weeks on.
        var network = LinkedInNetwork.Make(40, Now, seed: 9).Select((p, i) => p with
        {
            ConnectedOn = DateOnly.FromDateTime(start).AddDays(-400 - i),
            Position = i >= 37 ? "Carbon Capture Engineer" : "Pastry Chef",
        }).ToList();

        var plan = (await client.ImportText(LinkedInNetwork.Csv(network))).FirstNotes!;

        Assert.Equal((40, 10), (plan.People, plan.FirstWeek));
        var planned = (await client.AllContacts()).ToDictionary(c => c.Name, c => c.FirstNoteDue);
        Assert.Equal([start, start, start], network.Skip(37).Select(p => planned[p.Name]));
        Assert.Equal(start.AddDays(7), planned[network[9].Name]);
        var due = (await Due(client, "?limit=50")).Contacts.Select(c => c.Contact.Name).ToList();
        Assert.Equal(10, due.Count);
        Assert.Empty(network.Skip(37).Select(p => p.Name).Except(due));
    }

    [Fact]
    public async Task TheCountsOfWhoIsDueAndWhoHasSomethingToSendDoNotDependOnTheLimit()
    {
        var client = await app.SignUpAsync();
        // Fourteen people past their date. The most valuable (strategic) have nothing in the reading list that fits
        // them; four loose ties further down do.
        for (var i = 0; i < 10; i++)
            await client.Post("/api/contacts", new ContactRequest { Name = $"Strategic {i}", Circle = Circle.Strategic, LastContactedAt = Now.AddDays(-40 - i), Interests = ["opera"] });
        for (var i = 0; i < 4; i++)
            await client.Post("/api/contacts", new ContactRequest { Name = $"Loose {i}", LastContactedAt = Now.AddDays(-200 - i), Interests = ["carbon capture"] });
        (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() })).EnsureSuccessStatusCode();

        foreach (var limit in new[] { 1, 3, 10, 14, 20, 50 })
        {
            var page = await Due(client, $"?limit={limit}");
            Assert.Equal((14, 4), (page.Due, page.WithIdeas));
            Assert.Equal(Math.Min(limit, 14), page.Contacts.Count);
        }
    }

    [Fact]
    public async Task AConnectionFromYearsAgoIsNotOverdueByYearsTheDayItIsImported()
    {
        var client = await app.SignUpAsync();
        await client.ImportText("""
            First Name,Last Name,URL,Email Address,Company,Position,Connected On
            Olga,Berg,https://www.linkedin.com/in/olga-berg,,Northwind,Technical Recruiter,12 Mar 2019
            """);

        var olga = Assert.Single((await Due(client)).Contacts);
        Assert.Equal("Olga Berg", olga.Contact.Name);
        Assert.Null(olga.Contact.DaysSinceContact);
        Assert.InRange(olga.DaysOverdue, 0, 6);
        Assert.InRange(olga.Contact.NextContactDue!.Value, Now.AddDays(-7), Now);
    }

    [Fact]
    public async Task AnImportSaysWhenItsFirstNotesFallAndThePageAnnouncesTheWeeksAhead()
    {
        var client = await app.SignUpAsync();
        var start = Now;
        // A hundred people who all connected long ago: 10 this week, then 15 a week for six weeks.
        var network = LinkedInNetwork.Make(100, Now, seed: 5).Select((p, i) => p with { ConnectedOn = DateOnly.FromDateTime(start).AddDays(-400 - i) }).ToList();
        var csv = LinkedInNetwork.Csv(network);

        var preview = await client.ImportText(csv, dryRun: true);
        Assert.Equal(new FirstNotesPlan(100, 10, start.AddDays(42), null), preview.FirstNotes);
        Assert.Empty((await Due(client)).Contacts);
        Assert.Equal(preview.FirstNotes, (await client.ImportText(csv)).FirstNotes);

        var page = await Due(client, "?limit=50");
        Assert.Equal((10, 0), (page.Due, page.Soon));
        // The most recently connected first, each with the day their first note was planned for, not days overdue.
        Assert.Equal(network.Take(10).Select(p => p.Name).Order(), page.Contacts.Select(c => c.Contact.Name).Order());
        Assert.All(page.Contacts, c => Assert.Equal((start, 0), (c.FirstNote!.Value, c.DaysOverdue)));
        Assert.Equal([new UpcomingWeek(start.AddDays(7), 15), new UpcomingWeek(start.AddDays(14), 15), new UpcomingWeek(start.AddDays(21), 15), new UpcomingWeek(start.AddDays(28), 15)],
            page.Upcoming);

        app.Clock.Now = app.Clock.Now.AddDays(22);
        page = await Due(client, "?limit=50");
        Assert.Equal(10 + 3 * 15, page.Due);
        Assert.Equal([new UpcomingWeek(start.AddDays(28), 15), new UpcomingWeek(start.AddDays(35), 15), new UpcomingWeek(start.AddDays(42), 15)], page.Upcoming);
        var later = Assert.Single(page.Contacts, c => c.Contact.Name == network[30].Name);
        Assert.Equal((start.AddDays(14), 8), (later.FirstNote, later.DaysOverdue));
    }

    [Fact]
    public async Task APlannedFirstNoteGivesWayToACircleAndComesBackAfterAnUndoneShare()
    {
        var client = await app.SignUpAsync();
        var start = Now;
        var network = LinkedInNetwork.Make(40, Now, seed: 7).Select((p, i) => p with { ConnectedOn = DateOnly.FromDateTime(start).AddDays(-900 - i) }).ToList();
        await client.ImportText(LinkedInNetwork.Csv(network));
        var contacts = await client.AllContacts();
        var last = contacts.Single(c => c.Name == network[^1].Name);
        Assert.Equal(start.AddDays(14), last.FirstNoteDue);
        Assert.False(last.Overdue);

        // Put in a circle, she is the user's choice: due by the circle's rule, at once, and not "since 2023".
        var sorted = await (await client.Put($"/api/contacts/{last.Id}", new ContactRequest { Name = last.Name, Circle = Circle.Strategic, LinkedInUrl = last.LinkedInUrl }))
            .Read<ContactResponse>();
        Assert.Null(sorted.FirstNoteDue);
        Assert.Equal(start, sorted.NextContactDue);
        Assert.Contains(last.Id, (await Due(client)).Contacts.Select(c => c.Contact.Id));

        // A share undone leaves someone never contacted again: their planned first note is back.
        var first = contacts.Single(c => c.Name == network[0].Name);
        Assert.Equal(start, first.FirstNoteDue);
        var shared = await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [first.Id], Url = "https://ledger.example.com/a", Action = ShareAction.Send, Channel = Channel.Email, IdempotencyKey = Guid.NewGuid().ToString(),
        })).Read<CreateSharesResponse>(HttpStatusCode.Created);
        Assert.DoesNotContain(first.Id, (await Due(client)).Contacts.Select(c => c.Contact.Id));
        (await client.DeleteAsync($"/api/shares/{shared.Shares[0].Id}")).EnsureSuccessStatusCode();
        var back = Assert.Single((await Due(client, "?limit=50")).Contacts, c => c.Contact.Id == first.Id);
        Assert.Equal(start, back.FirstNote);
    }

    [Fact]
    public async Task ThePlanIsStoredItIsTheSameAfterARestart()
    {
        using var folder = new TemporaryFolder();
        var file = folder.DatabaseFile;
        string token;
        List<(Guid, DateTime?)> before;
        using (var first = new ContentHelperApp(databaseFile: file).KeepDatabase())
        {
            var (client, account) = await first.SignUpWithAccountAsync();
            token = account.Token;
            await client.ImportText(LinkedInNetwork.Csv(LinkedInNetwork.Make(60, first.Clock.Now.UtcDateTime, seed: 3)));
            before = [.. (await client.AllContacts()).OrderBy(c => c.Id).Select(c => (c.Id, c.NextContactDue))];
            Assert.Equal(10, (await Due(client)).Due);
        }

        using var second = new ContentHelperApp(databaseFile: file);
        try
        {
            var again = second.Authorized(token);
            Assert.Equal(before, (await again.AllContacts()).OrderBy(c => c.Id).Select(c => (c.Id, c.NextContactDue)));
            Assert.Equal(10, (await Due(again)).Due);
        }
        finally
        {
            second.DropPostgresDatabase();
        }
    }

    [Fact]
    public async Task OnceEveryoneHasHadAFirstNoteTheSecondRoundFollowsTheFirstWeekForWeek()
    {
        var client = await app.SignUpAsync();
        var start = app.Clock.Now;
        // 400 at 15 a week take 27 weeks: longer than the 180-day cadence, so the second round waits for the first.
        var network = LinkedInNetwork.Make(400, Now, seed: 11).Select((p, i) => p with { ConnectedOn = DateOnly.FromDateTime(Now).AddDays(-300 - i) }).ToList();
        var plan = (await client.ImportText(LinkedInNetwork.Csv(network))).FirstNotes!;
        Assert.Equal(27 * 7, plan.RoundDays);

        var perWeek = new List<int>();
        for (var week = 0; week < 2 * 27; week++)
        {
            app.Clock.Now = WeekEnd(start, week);
            var page = await Due(client, "?limit=50");
            perWeek.Add(page.Due);
            var due = page.Contacts.Where(c => c.DaysOverdue >= 0).Select(c => c.Contact.Id).ToList();
            if (due.Count > 0) await Write(client, due, $"https://ledger.example.com/week-{week}");
        }
        Assert.Equal([10, .. Enumerable.Repeat(15, 26), 10, .. Enumerable.Repeat(15, 26)], perWeek);
        Assert.Equal(27 * 7, (await client.AllContacts()).First().CadenceDays);
    }
}
