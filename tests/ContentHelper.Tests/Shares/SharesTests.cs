using System.Net;
using System.Text;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Shares;

[Trait("Storage", "Portable")]
public sealed class SharesTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    async Task<ContactResponse> Contact(HttpClient client, string name, DateTime? lastContactedAt = null) =>
        await (await client.Post("/api/contacts", new ContactRequest { Name = name, KeepInTouchDays = 30, LastContactedAt = lastContactedAt }))
            .Read<ContactResponse>(HttpStatusCode.Created);

    static CreateShareRequest ShareOf(string key, params Guid[] contacts) => new()
    {
        ContactIds = [.. contacts],
        Url = "https://news.example.com/2026/03/carbon-capture-plant",
        Title = "Europe's largest carbon capture plant opens",
        Action = ShareAction.Send,
        Channel = Channel.Email,
        Message = "Ben, this made me think of your fund's thesis.",
        IdempotencyKey = key,
    };

    async Task<CreateSharesResponse> Record(HttpClient client, CreateShareRequest request) =>
        await (await client.Post("/api/shares", request)).Read<CreateSharesResponse>(HttpStatusCode.Created);

    async Task<ContactResponse> Get(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/contacts/{id}")).Read<ContactResponse>();

    [Fact]
    public async Task RecordingAShareRestartsTheContactsKeepInTouchTimer()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben", app.Clock.Now.UtcDateTime.AddDays(-90));
        Assert.True(ben.Overdue);

        var response = await client.Post("/api/shares", ShareOf("key-00000001", ben.Id));
        var created = await response.Read<CreateSharesResponse>(HttpStatusCode.Created);

        var share = Assert.Single(created.Shares);
        Assert.False(created.Replayed);
        Assert.Equal(ben.Id, share.ContactId);
        Assert.Equal("Ben", share.ContactName);
        Assert.Equal(ShareAction.Send, share.Action);
        Assert.Equal($"/api/shares/{share.Id}", response.Headers.Location?.OriginalString);
        var after = await Get(client, ben.Id);
        Assert.Equal(app.Clock.Now.UtcDateTime, after.LastContactedAt);
        Assert.False(after.Overdue);
        Assert.Equal(0, after.DaysSinceContact);
    }

    [Fact]
    public async Task OneShareRequestCanTagSeveralContacts()
    {
        var client = await app.SignUpAsync();
        var a = await Contact(client, "A");
        var b = await Contact(client, "B");
        var created = await Record(client, ShareOf("key-00000002", a.Id, b.Id) with { Action = ShareAction.Tag, Channel = Channel.LinkedIn });
        Assert.Equal([a.Id, b.Id], created.Shares.Select(s => s.ContactId!.Value));
        Assert.All(created.Shares, s => Assert.Equal(ShareAction.Tag, s.Action));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyReturnsTheFirstResultAndRecordsNothingNew()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var first = await Record(client, ShareOf("retry-key-1", ben.Id));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await (await client.Post("/api/shares", ShareOf("retry-key-1", ben.Id) with { Message = "changed" })).Read<CreateSharesResponse>();

        Assert.True(again.Replayed);
        Assert.Equal(first.Shares.Select(s => s.Id), again.Shares.Select(s => s.Id));
        Assert.Equal(first.Shares[0].Message, again.Shares[0].Message);
        Assert.Equal(1, (await (await client.GetAsync("/api/shares")).Read<PagedResponse<ShareResponse>>()).Total);
        Assert.Equal(first.Shares[0].SharedAt, (await Get(client, ben.Id)).LastContactedAt);
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyRecordOnce()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.Post("/api/shares", ShareOf("race-key-01", ben.Id))));

        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, app.Db(db => db.Shares.Count()));
    }

    [Fact]
    public async Task IdempotencyKeysAreScopedToTheAccount()
    {
        var ana = await app.SignUpAsync("Ana");
        var bo = await app.SignUpAsync("Bo");
        var anaContact = await Contact(ana, "X");
        var boContact = await Contact(bo, "Y");
        await Record(ana, ShareOf("shared-key-1", anaContact.Id));
        var boShare = await Record(bo, ShareOf("shared-key-1", boContact.Id));
        Assert.Equal(boContact.Id, boShare.Shares[0].ContactId);
    }

    [Fact]
    public async Task InvalidShareNamesEveryBadField()
    {
        var client = await app.SignUpAsync();
        var response = await client.Post("/api/shares", new { contactIds = Array.Empty<Guid>(), url = "not a url", idempotencyKey = "short" });
        await response.ValidationProblem("contactIds", "url", "action", "channel", "idempotencyKey");
    }

    [Fact]
    public async Task SharingWithAnUnknownContactIs404AndRecordsNothing()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var missing = Guid.NewGuid();
        var problem = await (await client.Post("/api/shares", ShareOf("key-unknown", ben.Id, missing))).Problem(HttpStatusCode.NotFound);
        Assert.Contains(missing.ToString(), problem.Detail);
        Assert.Equal(0, app.Db(db => db.Shares.Count()));
        Assert.Null((await Get(client, ben.Id)).LastContactedAt);
    }

    [Fact]
    public async Task UndoingTheLatestShareRestoresThePreviousLastContact()
    {
        var client = await app.SignUpAsync();
        var before = app.Clock.Now.UtcDateTime.AddDays(-50);
        var ben = await Contact(client, "Ben", before);
        var share = (await Record(client, ShareOf("key-undo-1", ben.Id))).Shares[0];

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shares/{share.Id}")).StatusCode);

        Assert.Equal(before, (await Get(client, ben.Id)).LastContactedAt);
        Assert.True((await Get(client, ben.Id)).Overdue);
        await (await client.GetAsync($"/api/shares/{share.Id}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UndoingAnOlderShareKeepsTheLatestContact()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var older = (await Record(client, ShareOf("key-older-1", ben.Id))).Shares[0];
        app.Clock.Advance(TimeSpan.FromDays(3));
        var newer = (await Record(client, ShareOf("key-newer-1", ben.Id))).Shares[0];

        await client.DeleteAsync($"/api/shares/{older.Id}");
        Assert.Equal(newer.SharedAt, (await Get(client, ben.Id)).LastContactedAt);

        await client.DeleteAsync($"/api/shares/{newer.Id}");
        Assert.Null((await Get(client, ben.Id)).LastContactedAt);
    }

    [Fact]
    public async Task UndoingTheNewerOfTwoSharesFallsBackToTheOlderOne()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var older = (await Record(client, ShareOf("key-older-2", ben.Id))).Shares[0];
        app.Clock.Advance(TimeSpan.FromDays(3));
        var newer = (await Record(client, ShareOf("key-newer-2", ben.Id))).Shares[0];

        await client.DeleteAsync($"/api/shares/{newer.Id}");
        Assert.Equal(older.SharedAt, (await Get(client, ben.Id)).LastContactedAt);
    }

    [Fact]
    public async Task HistoryIsNewestFirstWithFiltersAndPaging()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var dana = await Contact(client, "Dana");
        var start = app.Clock.Now.UtcDateTime;
        await Record(client, ShareOf("key-h-0001", ben.Id));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await Record(client, ShareOf("key-h-0002", dana.Id) with { Url = "https://sport.example.com/derby", Title = "Derby report", Channel = Channel.WhatsApp, Message = "What a goal" });
        app.Clock.Advance(TimeSpan.FromDays(1));
        await Record(client, ShareOf("key-h-0003", ben.Id) with { Title = "Storage batteries", Channel = Channel.LinkedIn });

        async Task<List<string?>> Titles(string query) =>
            [.. (await (await client.GetAsync("/api/shares" + query)).Read<PagedResponse<ShareResponse>>()).Items.Select(s => s.Title)];

        Assert.Equal(["Storage batteries", "Derby report", "Europe's largest carbon capture plant opens"], await Titles(""));
        Assert.Equal(["Storage batteries", "Europe's largest carbon capture plant opens"], await Titles($"?contactId={ben.Id}"));
        Assert.Equal(["Derby report"], await Titles("?channel=whatsapp"));
        Assert.Equal(["Derby report"], await Titles("?q=GOAL"));
        Assert.Equal(["Derby report"], await Titles("?q=sport.example"));
        Assert.Equal(["Derby report"], await Titles($"?from={start.AddHours(12):O}&to={start.AddHours(36):O}"));
        Assert.Equal(["Derby report"], await Titles("?page=2&pageSize=1"));
        var contactHistory = await (await client.GetAsync($"/api/contacts/{dana.Id}/shares")).Read<PagedResponse<ShareResponse>>();
        Assert.Equal(["Derby report"], contactHistory.Items.Select(s => s.Title));
    }

    [Theory]
    [InlineData("?channel=pigeon", "channel")]
    [InlineData("?contactId=abc", "contactId")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?pageSize=1000", "pageSize")]
    public async Task BadHistoryFiltersNameTheParameter(string query, string field)
    {
        var client = await app.SignUpAsync();
        await (await client.GetAsync("/api/shares" + query)).ValidationProblem(field);
    }

    [Fact]
    public async Task AHistoryPageWhoseOffsetWouldOverflowIs400()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        await Record(client, ShareOf("key-page-01", ben.Id));
        await (await client.GetAsync("/api/shares?page=2147483647&pageSize=200")).ValidationProblem("page");
        await (await client.GetAsync($"/api/contacts/{ben.Id}/shares?page=2147483647&pageSize=200")).ValidationProblem("page");
        Assert.Empty((await (await client.GetAsync("/api/shares?page=1000000&pageSize=200")).Read<PagedResponse<ShareResponse>>()).Items);
    }

    [Fact]
    public async Task DeletingAContactKeepsItsHistory()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        var share = (await Record(client, ShareOf("key-keep-01", ben.Id))).Shares[0];
        await client.DeleteAsync($"/api/contacts/{ben.Id}");

        var kept = await (await client.GetAsync($"/api/shares/{share.Id}")).Read<ShareResponse>();
        Assert.Null(kept.ContactId);
        Assert.Equal("Ben", kept.ContactName);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shares/{share.Id}")).StatusCode);
    }

    [Fact]
    public async Task CsvExportNeutralisesFormulaCells()
    {
        var client = await app.SignUpAsync();
        var evil = await Contact(client, "=HYPERLINK(\"http://evil.example\",\"click\")");
        await Record(client, ShareOf("key-csv-001", evil.Id) with
        {
            Title = "+SUM(A1:A9)", Message = "-2+3, \"quoted\"\nsecond line", Url = "https://example.com/@x",
        });
        await Record(client, ShareOf("key-csv-002", evil.Id) with { Title = "@cmd", Message = "plain" });

        var response = await client.GetAsync("/api/shares/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        var cells = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(3, cells.Count);
        Assert.Equal("Contact", cells[0][1]);
        var formulaStarts = new[] { '=', '+', '-', '@' };
        foreach (var row in cells.Skip(1))
            foreach (var cell in row)
                Assert.False(cell.Length > 0 && formulaStarts.Contains(cell[0]), $"cell starts like a formula: {cell}");
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", cells[1][1]);
        Assert.Contains(cells, r => r[4] == "'+SUM(A1:A9)");
        Assert.Contains(cells, r => r[6] == "'-2+3, \"quoted\"\nsecond line");
    }

    [Theory]
    [InlineData(" =1+1")]
    [InlineData("\n=1+1")]
    [InlineData("\u00A0=1+1")]
    [InlineData("\u200B=1+1")]
    [InlineData("\u200B \u00A0\t@SUM(A1)")]
    public async Task CsvExportNeutralisesFormulasBehindInvisiblePrefixes(string message)
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben");
        await Record(client, ShareOf("key-csv-pre", ben.Id) with { Message = message });

        var bytes = await (await client.GetAsync("/api/shares/export?format=csv")).Content.ReadAsByteArrayAsync();
        var cell = ParseCsv(Encoding.UTF8.GetString(bytes[3..]))[1][6];
        // Spreadsheets skip such a prefix and run what follows; an apostrophe in front keeps the cell text.
        Assert.Equal("'" + message, cell);
    }

    [Fact]
    public async Task MarkdownExportKeepsCellsInsideTheTable()
    {
        var client = await app.SignUpAsync();
        var ben = await Contact(client, "Ben | <b>Admin</b>");
        await Record(client, ShareOf("key-md-0001", ben.Id) with { Title = "Pipes | and\nnewlines [link](javascript:alert(1))" });

        var response = await client.GetAsync("/api/shares/export?format=markdown");
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var row = lines.Single(l => l.Contains("Ben"));
        // Every unescaped pipe is a column border: 6 of them for 5 columns.
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count);
        Assert.DoesNotContain("<b>", row);
        Assert.DoesNotMatch(@"(?<!\\)\]\(javascript", row);
    }

    [Fact]
    public async Task ExportRejectsAnUnknownFormat()
    {
        var client = await app.SignUpAsync();
        await (await client.GetAsync("/api/shares/export?format=xlsx")).ValidationProblem("format");
    }

    /// <summary>A strict RFC 4180 reader, independent of the library that wrote the file.</summary>
    static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; i++; }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }
}
