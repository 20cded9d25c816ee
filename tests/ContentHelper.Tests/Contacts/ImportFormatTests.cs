using System.Net;
using System.Text;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>Each format, read from fixture files: what lands on the contact, and what is reported.</summary>
public sealed class ImportFormatTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task LinkedInExportWithPreambleImportsEachConnection()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("linkedin/Connections.csv");

        Assert.Equal(ImportFormat.LinkedIn, result.Format);
        Assert.NotNull(result.ImportId);
        Assert.Equal(new ImportCounts(Created: 5, Updated: 0, Unchanged: 0, Errors: 2), result.Counts);
        var ana = await client.Contact("Ana Ruiz");
        Assert.Equal("Technical Recruiter", ana.Headline);
        Assert.Equal("https://www.linkedin.com/in/ana-ruiz-1a2b", ana.LinkedInUrl);
        Assert.Equal(new DateOnly(2024, 3, 12), ana.ConnectedOn);
        Assert.Equal(result.Row(5).ContactId, ana.Id);
    }

    [Fact]
    public async Task QuotedCommasStayInsideTheirField()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        Assert.Equal("Northwind, Inc.", (await client.Contact("Ana Ruiz")).Company);
        Assert.Equal("Head of Data, AI & Analytics", (await client.Contact("José García")).Headline);
    }

    [Fact]
    public async Task BothConnectedOnDateStylesAreRead()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("linkedin/Connections.csv");
        Assert.Equal(new DateOnly(2024, 3, 12), (await client.Contact("Ana Ruiz")).ConnectedOn);
        Assert.Equal(new DateOnly(2022, 2, 7), (await client.Contact("José García")).ConnectedOn);
        // An unreadable date is a warning: the person is still imported, without the date.
        var hana = result.Row(11);
        Assert.Equal(ImportAction.Create, hana.Action);
        Assert.Contains(hana.Warnings, w => w.Contains("sometime in 2019"));
        Assert.Null((await client.Contact("Hana Kim")).ConnectedOn);
    }

    [Fact]
    public async Task MalformedRowsAreReportedWithTheirLineAndSkipped()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("linkedin/Connections.csv");

        var nameless = result.Row(9);
        Assert.Equal(ImportAction.Error, nameless.Action);
        Assert.Contains("no name", nameless.Error);
        var shifted = result.Row(10);
        Assert.Equal(ImportAction.Error, shifted.Action);
        Assert.Contains("8 values but the header has 7", shifted.Error);
        // The rows after the bad ones were imported.
        Assert.Equal(ImportAction.Create, result.Row(11).Action);
        Assert.DoesNotContain(await client.AllContacts(), c => c.Name.StartsWith("Greta"));
    }

    [Fact]
    public async Task AnUnclosedQuoteDoesNotSwallowTheRestOfTheFile()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("linkedin/unclosed-quote.csv");

        Assert.Equal(ImportAction.Error, result.Row(3).Action);
        Assert.Contains("never closed", result.Row(3).Error);
        Assert.Equal(["Ana Ruiz", "Cleo Park", "Dev Rao"], (await client.AllContacts()).Select(c => c.Name));
        Assert.Equal("Editor", (await client.Contact("Cleo Park")).Headline);
    }

    [Fact]
    public async Task FormulaLookingCellsAreStoredAsText()
    {
        var client = await app.SignUpAsync();
        await client.Import("linkedin/Connections.csv");
        var farid = await client.Contact("Farid Haddad");
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"click\")", farid.Company);
        Assert.Equal("@SUM(A1:A2)", farid.Headline);
    }

    [Fact]
    public async Task GoogleCurrentLayoutMapsColumnsByName()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("google/contacts.csv");

        Assert.Equal(ImportFormat.GoogleContacts, result.Format);
        var ana = await client.Contact("Ana Ruiz");
        Assert.Equal("Northwind", ana.Company);
        Assert.Equal("Talent Partner", ana.Headline);
        // The primary address (label "* Work") wins over the first one.
        Assert.Equal("ana.ruiz@northwind.example", ana.Email);
        Assert.Equal("+351 912 345 678", ana.Phone);
        Assert.Equal("https://linkedin.com/in/Ana-Ruiz-1a2b/", ana.LinkedInUrl);
        // A note with a line break inside quotes stays one note; the next row starts on line 4.
        Assert.Equal("Met at the Lisbon meetup.\nTwo kids, runs marathons.", ana.Notes);
        Assert.Equal("Dana Levi", result.Row(4).Name);
        // Several values in one cell: the first.
        Assert.Equal("+44 7700 900123", (await client.Contact("Dana Levi")).Phone);
    }

    [Fact]
    public async Task GoogleLabelsBecomeTagsWithoutTheSystemLabel()
    {
        var client = await app.SignUpAsync();
        await client.Import("google/contacts.csv");
        Assert.Equal(["Friends", "Journalists"], (await client.Contact("Dana Levi")).Tags);
        Assert.Equal(["Work"], (await client.Contact("Ana Ruiz")).Tags);
    }

    [Fact]
    public async Task GoogleRowsWithoutANameAreNamedByEmailOrReported()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("google/contacts.csv");
        Assert.Equal("someone@example.com", result.Row(5).Name);
        Assert.Contains(result.Row(5).Warnings, w => w.Contains("named after its email"));
        Assert.Equal(ImportAction.Error, result.Row(6).Action);
    }

    [Fact]
    public async Task InvalidEmailsAndPhonesAreLeftOutWithAWarning()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("google/contacts.csv");
        var kai = result.Row(7);
        Assert.Equal(ImportAction.Create, kai.Action);
        Assert.Equal(2, kai.Warnings.Count);
        var contact = await client.Contact("Kai Nakamura");
        Assert.Null(contact.Email);
        Assert.Null(contact.Phone);
        // What was imported can be saved back through the contact form unchanged.
        var put = await client.Put($"/api/contacts/{contact.Id}", new ContactRequest { Name = contact.Name, Headline = contact.Headline, Company = contact.Company });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task GoogleOlderLayoutInWindows1252KeepsAccents()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("google/contacts-legacy-1252.csv");

        Assert.Equal("windows-1252", result.Encoding);
        Assert.Equal(ImportFormat.GoogleContacts, result.Format);
        var jose = await client.Contact("José García");
        Assert.Equal("Contoso Ltd", jose.Company);
        Assert.Equal("Head of Data", jose.Headline);
        Assert.Equal("Loves football and café con leche.", jose.Notes);
        Assert.Equal(["Colleagues"], jose.Tags);
        Assert.Equal("zoe@example.se", (await client.Contact("Zoë Ångström")).Email);
    }

    [Fact]
    public async Task VCard3FoldedLinesEscapesAndSeveralCardsAreRead()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("vcard/phone-v3.vcf");

        Assert.Equal(ImportFormat.VCard, result.Format);
        var priya = await client.Contact("Priya Natarajan-Krishnamurthy");
        Assert.Equal("Director of Sustainability and Renewable Energy Programs for the Asia-Pacific Region", priya.Headline);
        Assert.Equal("Adatum Climate Solutions, Ltd.", priya.Company);
        Assert.Equal("A very long note that an exporter folded at seventy-five octets, as RFC 6350 asks, with a second fold here; and a tab-indented one that ends here.", priya.Notes);
        Assert.Equal(["Climate", "Conference 2025"], priya.Tags);
        Assert.Equal("https://www.linkedin.com/in/priya-nk", priya.LinkedInUrl);

        var ana = await client.Contact("Ana Ruiz");
        Assert.Equal("Prefers WhatsApp, never calls before 10.\nAsk about the half marathon; she trained for months.", ana.Notes);
        Assert.Equal(["Running Club"], ana.Tags);
        // No FN: the name comes from N (Family;Given); the first ORG component is the company.
        var jose = await client.Contact("José García");
        Assert.Equal("Contoso", jose.Company);
        Assert.Equal("jose@contoso.example", jose.Email);
    }

    [Fact]
    public async Task VCard21QuotedPrintableWithSoftLineBreaksAndCharset()
    {
        var client = await app.SignUpAsync();
        await client.Import("vcard/phone-v3.vcf");
        var elena = await client.Contact("Elena Müller");
        Assert.Equal("Café owner in Berlin.\nSecond line with a soft break.", elena.Notes);
        Assert.Equal("+49 151 2345678", elena.Phone);
    }

    [Fact]
    public async Task BrokenVCardsAreReportedAndTheRestImported()
    {
        var client = await app.SignUpAsync();
        var result = await client.Import("vcard/phone-v3.vcf");
        Assert.Equal(ImportAction.Error, result.Row(45).Action); // a card with only a phone number
        Assert.Contains("END:VCARD", result.Row(49).Error);
        Assert.Equal(ImportAction.Create, result.Row(52).Action);
        Assert.Equal(new ImportCounts(6, 0, 0, 2), result.Counts);
        Assert.DoesNotContain(await client.AllContacts(), c => c.Name == "Broken Card");
    }

    [Fact]
    public async Task VCard4PreferredValuesUriPhonesAndQuotedParameters()
    {
        var client = await app.SignUpAsync();
        await client.Import("vcard/apple-v4.vcf");
        var omar = await client.Contact("Omar Farouk");
        Assert.Equal("omar@work.example", omar.Email); // PREF=1, though listed second
        Assert.Equal("+20-100-000-0000", omar.Phone);   // "tel:" URI
        Assert.Equal("https://www.linkedin.com/in/omarfarouk", omar.LinkedInUrl);
        Assert.Equal(["Marketing", "Cairo"], omar.Tags);
        // A quoted parameter with ':' and ';' inside does not cut the line short.
        Assert.Equal("lea@example.fr", (await client.Contact("Lea Dubois")).Email);
    }

    [Fact]
    public async Task CrlfLfAndByteOrderMarkFilesImportTheSame()
    {
        const string csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            "Zoë,Ångström,https://www.linkedin.com/in/zoe,,\"Fabrikam, AB\",Data Scientist,1 Feb 2024\n" +
            "Łukasz,Wójcik,https://www.linkedin.com/in/lukasz,,Contoso,Engineer,2 Feb 2024\n";
        var variants = new[]
        {
            Encoding.UTF8.GetBytes(csv),
            Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n")),
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n"))],
            [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv)],
        };
        var seen = new List<string>();
        foreach (var bytes in variants)
        {
            var client = await app.SignUpAsync();
            var result = await (await client.Upload(bytes)).Read<ImportResponse>(HttpStatusCode.Created);
            Assert.Equal(2, result.Counts.Created);
            seen.Add(string.Join("|", (await client.AllContacts()).Select(c => $"{c.Name};{c.Company};{c.Headline};{c.ConnectedOn}")));
        }
        Assert.Single(seen.Distinct());
        Assert.Contains("Łukasz Wójcik;Contoso;Engineer", seen[0]);
        Assert.Contains("Zoë Ångström;Fabrikam, AB;Data Scientist", seen[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Utf32FilesAreReadAndReportedAsUtf32(bool bigEndian)
    {
        const string csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nZoë,Ångström,https://www.linkedin.com/in/zoe,,Fabrikam,Data Scientist,1 Feb 2024\n";
        var encoding = new UTF32Encoding(bigEndian, byteOrderMark: true);
        var client = await app.SignUpAsync();
        // FF FE 00 00 begins with UTF-16's mark; it used to be read as UTF-16 and garbled.
        var result = await (await client.Upload([.. encoding.GetPreamble(), .. encoding.GetBytes(csv)])).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal("utf-32", result.Encoding);
        Assert.Equal("Fabrikam", (await client.Contact("Zoë Ångström")).Company);
    }

    [Fact]
    public async Task Windows1252AccentsAreReadWhenTheFileIsNotUtf8()
    {
        var client = await app.SignUpAsync();
        var csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nFrançois,Lefèvre,https://www.linkedin.com/in/fl,,Société Générale,Trésorier,3 Mar 2023\r\n";
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var result = await (await client.Upload(Encoding.GetEncoding(1252).GetBytes(csv))).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal("windows-1252", result.Encoding);
        var contact = await client.Contact("François Lefèvre");
        Assert.Equal("Société Générale", contact.Company);
        Assert.Equal("Trésorier", contact.Headline);
    }

    [Fact]
    public async Task TheRawBodyWorksLikeAMultipartUpload()
    {
        var client = await app.SignUpAsync();
        var content = new ByteArrayContent(Imports.Fixture("vcard/apple-v4.vcf"));
        content.Headers.ContentType = new("text/vcard");
        var result = await (await client.PostAsync("/api/contacts/import", content)).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal(ImportFormat.VCard, result.Format);
        Assert.Equal(2, result.Counts.Created);
    }

    [Fact]
    public async Task TheFormatComesFromTheContentNotTheName()
    {
        var client = await app.SignUpAsync();
        var result = await (await client.Upload(Imports.Fixture("vcard/apple-v4.vcf"), "contacts.csv")).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal(ImportFormat.VCard, result.Format);
        var csv = await (await client.Upload(Imports.Fixture("linkedin/Connections.csv"), "phone.vcf")).Read<ImportResponse>(HttpStatusCode.Created);
        Assert.Equal(ImportFormat.LinkedIn, csv.Format);
    }

    [Fact]
    public async Task TextAfterAClosingQuoteIsKeptWithAWarning()
    {
        var client = await app.SignUpAsync();
        var result = await client.ImportText(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            "Ana,Ruiz,https://www.linkedin.com/in/ana,,\"Northwind\" Inc,Recruiter,1 Jan 2024\n");
        var row = result.Row(2);
        Assert.Equal(ImportAction.Create, row.Action);
        Assert.Contains(row.Warnings, w => w.Contains("closing quote"));
        Assert.Equal("Northwind Inc", (await client.Contact("Ana Ruiz")).Company);
    }

    [Fact]
    public async Task OverlongValuesAreCutWithAWarningAndOverlongNamesAreErrors()
    {
        var client = await app.SignUpAsync();
        var result = await client.ImportText(
            "First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Value\n" +
            $"Ana,Ruiz,{new string('c', 250)},{new string('h', 350)},{new string('n', 10_050)},{new string('l', 120)} ::: Ok,ana@example.com\n" +
            $"{new string('x', 150)},{new string('y', 60)},,,,,\n");
        var ana = result.Row(2);
        Assert.Equal(ImportAction.Create, ana.Action);
        Assert.Equal(4, ana.Warnings.Count);
        var contact = await client.Contact("Ana Ruiz");
        Assert.Equal((200, 300, 10_000), (contact.Company!.Length, contact.Headline!.Length, contact.Notes!.Length));
        Assert.Equal(["Ok"], contact.Tags);
        Assert.Equal(ImportAction.Error, result.Row(3).Action);
        Assert.Contains("longer than 200", result.Row(3).Error);
    }

    [Fact]
    public async Task ControlCharactersNeverReachAContact()
    {
        var client = await app.SignUpAsync();
        await client.ImportText(
            "First Name,Last Name,Organization Name,Notes,E-mail 1 - Value\n" +
            "Ana\u0000,Ru\u0007iz,North\u001bwind,\"line one\r\nline\u0000 two\",ana@example.com\n");
        var contact = Assert.Single(await client.AllContacts());
        Assert.Equal(("Ana Ruiz", "Northwind", "line one\nline two"), (contact.Name, contact.Company, contact.Notes));
    }
}
