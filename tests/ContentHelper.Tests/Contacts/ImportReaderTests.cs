using System.Text;
using ContentHelper.Api.Contacts;

namespace ContentHelper.Tests.Contacts;

/// <summary>The readers and keys on inline input: one rule per test.</summary>
public sealed class ImportReaderTests
{
    static List<ImportRow> VCard(string text) => [.. VCardReader.Read(new StringReader(text))];

    [Fact]
    public void FoldedLinesAreUnfoldedWithExactlyOneWhitespaceRemoved()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nNOTE:one\r\n  two\r\n\tthree\r\nEND:VCARD\r\n"));
        Assert.Equal("one twothree", row.Notes);
    }

    [Fact]
    public void EscapesInTextAndCompoundValues()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\\, the \\\\great\nN:Ruiz\\;Soto;Ana;;;\nORG:Acme\\; Sons;Sales\nCATEGORIES:a\\,b,c\nNOTE:x\\ny\\Nz \\q\nEND:VCARD\n"));
        Assert.Equal("Ana, the \\great", row.Name);
        Assert.Equal("Acme; Sons", row.Company);
        Assert.Equal(["a,b", "c"], row.Tags);
        Assert.Equal("x\ny\nz \\q", row.Notes); // an unknown escape keeps its backslash
    }

    [Fact]
    public void NameComesFromNWhenFNIsMissing()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:3.0\nN:García López;José;María;Dr.;PhD\nEND:VCARD\n"));
        Assert.Equal("José María García López", row.Name);
    }

    [Fact]
    public void VCard21BareParametersAndQuotedPrintableInAnotherCharset()
    {
        var row = Assert.Single(VCard(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Fran=E7ois\r\nTEL;HOME;VOICE:+33 1 00 00 00 00\r\nTEL;CELL:+33 6 00 00 00 00\r\nEMAIL;INTERNET:f@example.fr\r\nEND:VCARD\r\n"));
        Assert.Equal("François", row.Name);
        Assert.Equal("+33 6 00 00 00 00", row.Phone); // a mobile over a landline
        Assert.Equal("f@example.fr", row.Email);
    }

    [Fact]
    public void QuotedPrintableWithoutCharsetFallsBackToWindows1252WhenNotUtf8()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e\nEND:VCARD\n"));
        Assert.Equal("Renée", row.Name);
    }

    [Fact]
    public void GroupsQuotedParametersAndCaretEscapesAreParsed()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:4.0\nFN:Lea\nitem2.EMAIL;X-LABEL=\"a:b;c ^'q^' ^^\";TYPE=work:lea@example.fr\nEND:VCARD\n"));
        Assert.Equal("lea@example.fr", row.Email);
    }

    [Fact]
    public void PhotosAndUnknownPropertiesAreIgnored()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:3.0\nFN:Pic\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\n AAAQABAAD\nX-CUSTOM:whatever\nEND:VCARD\n"));
        Assert.Equal("Pic", row.Name);
        Assert.Null(row.Error);
        Assert.Empty(row.Warnings);
    }

    [Fact]
    public void ALineWithoutAColonIsAWarningNotAnError()
    {
        var row = Assert.Single(VCard("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nthis is not a property\nEND:VCARD\n"));
        Assert.Null(row.Error);
        Assert.Contains(row.Warnings, w => w.Contains("Line 4"));
    }

    [Fact]
    public void TextOutsideCardsAndAnUnclosedLastCardAreReported()
    {
        var rows = VCard("garbage\nBEGIN:VCARD\nFN:Ok\nEND:VCARD\nmore garbage\nBEGIN:VCARD\nFN:Never closed\n");
        Assert.Equal([1, 2, 5, 6], rows.Select(r => r.Line));
        Assert.Equal("Ok", rows[1].Name);
        Assert.Contains("outside", rows[0].Error);
        Assert.Contains("outside", rows[2].Error);
        Assert.Contains("file ends", rows[3].Error);
    }

    [Theory]
    [InlineData("NOTE;ENCODING=QUOTED-PRINTABLE:", "=\n")] // soft line breaks (vCard 2.1)
    [InlineData("NOTE:", "\n ")] // folded lines (RFC 6350 §3.2)
    [InlineData("NOTE", "=\n ")] // no ':' yet: the head of the property never ends
    public async Task AHundredThousandContinuedLinesAreReadInLinearTime(string head, string joint)
    {
        const int lines = 100_000;
        var text = "BEGIN:VCARD\nVERSION:2.1\nFN:Long Note\n" + head + string.Join(joint, Enumerable.Repeat("ab", lines)) + "\nEND:VCARD\n";
        // Quadratic unfolding took minutes here; linear takes milliseconds. The bound is generous for a shared machine.
        var rows = await Task.Run(() => VCard(text)).WaitAsync(TimeSpan.FromSeconds(1));
        var row = Assert.Single(rows);
        Assert.Equal("Long Note", row.Name);
        if (head.Contains(':')) Assert.Equal(2 * lines, row.Notes!.Length);
    }

    [Fact]
    public async Task LinkedInSheetDetectsItsHeaderBelowThePreambleAndCountsLines()
    {
        var text = "Notes:\r\n\"Some, text\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nA,B,https://www.linkedin.com/in/ab,,\"X\r\nY\",P,1 Jan 2020\r\nC,D,,,,,\r\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var source = (await ImportSource.OpenAsync(stream, default))!;
        using var csv = ContactCsvReader.Open(source)!;
        var rows = csv.Rows().ToList();
        Assert.Equal([5, 7], rows.Select(r => r.Line));
        Assert.Equal("X\r\nY", rows[0].Company);
    }

    [Theory]
    [InlineData("https://www.linkedin.com/in/Ana-Ruiz-1a2b/", "linkedin.com/in/ana-ruiz-1a2b")]
    [InlineData("http://uk.linkedin.com/in/ana-ruiz-1a2b?trk=x#top", "linkedin.com/in/ana-ruiz-1a2b")]
    [InlineData("linkedin.com/in/ana-ruiz-1a2b/details/experience/", "linkedin.com/in/ana-ruiz-1a2b")]
    [InlineData("https://www.linkedin.com/in/jos%C3%A9", "linkedin.com/in/josé")]
    [InlineData("https://example.com/in/ana", null)]
    [InlineData("not a url at all", null)]
    [InlineData("ftp://linkedin.com/in/ana", null)]
    public void LinkedInAddressesAreNormalised(string url, string? key) => Assert.Equal(key, ContactKeys.LinkedIn(url));

    [Theory]
    [InlineData("Dr. José  García-López, PhD", "jose garcia lopez")]
    [InlineData("ZOË ÅNGSTRÖM", "zoe angstrom")]
    [InlineData("Ana Ruiz 🚀", "ana ruiz")]
    [InlineData("Hans Groß Jr.", "hans gross jr")]
    public void NamesAreFoldedForMatching(string name, string key) => Assert.Equal(key, ContactKeys.Name(name));

    [Theory]
    [InlineData("Northwind, Inc.", "northwind")]
    [InlineData("The Contoso Corporation", "contoso")]
    [InlineData("Fabrikam GmbH & Co. KG", "fabrikam kg")]
    public void CompaniesLoseTheirLegalForm(string company, string key) => Assert.Equal(key, ContactKeys.Company(company));

    [Theory]
    [InlineData("Technical Recruiter", "recruiting,hiring")]
    [InlineData("Co-Founder & CEO", "startups,entrepreneurship")]
    [InlineData("Senior Data Scientist", "data science,machine learning")]
    [InlineData("Head of AI Research", "ai research,ai,research")]
    [InlineData("Said he would aid the three hired hands", "")]
    public void InterestsAreSuggestedFromWholeWords(string title, string expected) => Assert.Equal(expected, SuggestedFor(title));

    static string SuggestedFor(string title) => string.Join(",", new InterestSuggester(new ImportOptions()).Suggest([title], [title], []));

    // What a job title says a person works on: the title without its rank and role words, the craft a role noun
    // names, and the table's hints only where the title does not narrow them ("cloud gaming" is not cloud computing).
    [Theory]
    [InlineData("Cloud Gaming Strategist", "cloud gaming,video games")]
    [InlineData("Pulmonologist", "pulmonology")]
    [InlineData("Director, Fleet Planning", "fleet planning")]
    [InlineData("Analyst, Mergers & Acquisitions", "mergers and acquisitions")]
    [InlineData("Lead Gameplay Programmer", "gameplay programming,software engineering,video games")]
    [InlineData("Senior Cloud Architect", "cloud architecture,cloud computing")]
    [InlineData("Clinical Psychologist", "clinical psychology,healthcare,psychology,mental health")]
    [InlineData("Sports Journalist at The Daily Ledger", "sports journalism,journalism,media")]
    [InlineData("VP, Software Sales", "software sales,sales")]
    public void InterestsAreSuggestedFromWhatAJobTitleSaysThePersonWorksOn(string title, string expected) => Assert.Equal(expected, SuggestedFor(title));

    [Fact]
    public void ACompanyNameIsNotAnInterest()
    {
        var suggester = new InterestSuggester(new ImportOptions());
        Assert.Empty(suggester.Suggest([], ["Greenfield Ventures Partners"], []));
    }

    [Fact]
    public void SuggestionsSkipWhatTheContactAlreadyHas()
    {
        var suggester = new InterestSuggester(new ImportOptions());
        Assert.Equal(["hiring"], suggester.Suggest(["Recruiter"], ["Recruiter"], ["Recruiting"]));
    }
}
