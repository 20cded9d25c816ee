using System.Net;
using System.Text;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>Every way an upload can be refused, each with a ProblemDetails that says what to send instead.</summary>
public sealed class ImportLimitsTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("Name,Phone\nAna,123\n")]
    [InlineData("{\"contacts\":[]}")]
    [InlineData("\u0089PNG\r\n\u001a\n\0\0\0\rIHDR")]
    public async Task AnUnknownFormatIs415NamingTheAcceptedFormats(string body)
    {
        var client = await app.SignUpAsync();
        var problem = await (await client.Upload(Encoding.UTF8.GetBytes(body))).Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("LinkedIn", problem.Detail);
        Assert.Contains("Google Contacts", problem.Detail);
        Assert.Contains("vCard", problem.Detail);
        Assert.Empty(await client.AllContacts());
    }

    [Fact]
    public async Task AnEmptyFileIs400()
    {
        var client = await app.SignUpAsync();
        await (await client.Upload([])).ValidationProblem("file");
        await (await client.Upload(Encoding.UTF8.GetBytes(" \r\n\r\n"))).ValidationProblem("file");
    }

    [Fact]
    public async Task AFormWithoutTheFileFieldIs400()
    {
        var client = await app.SignUpAsync();
        var form = new MultipartFormDataContent { { new StringContent("x"), "notfile" } };
        await (await client.PostAsync("/api/contacts/import", form)).ValidationProblem("file");
    }

    [Fact]
    public async Task AnInvalidDryRunValueNamesTheParameter()
    {
        var client = await app.SignUpAsync();
        var content = new ByteArrayContent(Imports.Fixture("vcard/apple-v4.vcf"));
        await (await client.PostAsync("/api/contacts/import?dryRun=maybe", content)).ValidationProblem("dryRun");
    }

    [Fact]
    public async Task ImportNeedsAToken()
    {
        var anonymous = app.CreateClient();
        await (await anonymous.Upload(Imports.Fixture("vcard/apple-v4.vcf"))).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AFileOverTenMegabytesIs413()
    {
        var client = await app.SignUpAsync();
        var big = new byte[10 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)'a');
        var problem = await (await client.Upload(big)).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("10,485,760", problem.Detail);

        var raw = new ByteArrayContent(big);
        raw.Headers.ContentType = new("text/csv");
        await (await client.PostAsync("/api/contacts/import", raw)).Problem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AFileAboveTheDefaultBodyLimitButWithinTenMegabytesIsImported()
    {
        // 9.5 MB: over the 8 MB that every other route accepts. Long notes make it big with few rows.
        var client = await app.SignUpAsync();
        var sb = new StringBuilder("First Name,Last Name,Organization Name,Notes,Labels,E-mail 1 - Value\n");
        var note = new string('n', 9_000);
        for (var i = 0; sb.Length < 9_500_000; i++) sb.Append($"Person,{i},Contoso,{note},,p{i}@example.com\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        Assert.True(bytes.Length > 8 * 1024 * 1024);
        var result = await (await client.Upload(bytes)).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal(0, result.Counts.Errors);
        Assert.True(result.Counts.Created > 1000);
    }

    [Fact]
    public async Task AFileWithMoreRowsThanTheLimitIs413AndWritesNothing()
    {
        using var small = new ContentHelperApp(new() { ["Import:MaxRows"] = "3" });
        var client = await small.SignUpAsync();
        var problem = await (await client.Upload(Imports.Fixture("linkedin/Connections.csv"))).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 3", problem.Detail);
        Assert.Empty(await client.AllContacts());
        Assert.Empty(await (await client.GetAsync("/api/imports")).Read<List<ImportSummaryResponse>>());
    }
}
