using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Tests.Suggestions;

public sealed class MessageDrafterTests
{
    readonly MessageDrafter drafter = new();
    const string Url = "https://news.example.com/carbon-capture-norway";

    static MessageDrafter.Input Input(string name = "Ben Carter", int? days = 20, string? selection = null, Guid? id = null, string? title = null) => new(
        id ?? Guid.Parse("0195f6a0-0000-7000-8000-000000000001"), name, "bencarter", days, "carbon capture",
        "The Longship plant injected its first million tonnes of CO2 under the North Sea this winter.",
        Url, title ?? "Norway's carbon store passes a milestone", "The Ledger", selection, "Ana Ruiz");

    [Fact]
    public void TheDraftNamesThePersonTheirInterestAndAnArticleDetail()
    {
        var (message, _) = drafter.Draft(Input(), Channel.Email, ShareAction.Send);

        Assert.Contains("Ben", message.Text);
        Assert.DoesNotContain("Carter", message.Text.Split('\n')[0]);
        Assert.Contains("carbon capture", message.Text);
        Assert.Contains("first million tonnes", message.Text);
        Assert.Contains(Url, message.Text);
        Assert.Contains("Ana", message.Text);
        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
    }

    static readonly DateTime Now = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    // The people a draft can know about: only a name; a company; a role; notes and a last share.
    static IEnumerable<MessageDrafter.Input> People(int? days)
    {
        yield return Input(days: days, id: Guid.CreateVersion7());
        yield return Input(days: days, id: Guid.CreateVersion7()) with { Company = "Greenfield Ventures", Headline = "Partner, climate fund" };
        yield return Input(days: days, id: Guid.CreateVersion7()) with { Headline = "Climate tech investor" };
        yield return Input(days: days, id: Guid.CreateVersion7()) with
        {
            Notes = "Asked about the North Sea last spring. Two kids.", Now = Now,
            LastShare = new("Iceland turns captured carbon into stone", Now.AddDays(-90)),
        };
    }

    [Fact]
    public void NoDraftContainsAStockPhrase()
    {
        foreach (var days in new int?[] { null, 10, 200, 800 })
        foreach (var channel in new[] { Channel.Email, Channel.WhatsApp, Channel.X, Channel.LinkedIn })
        for (var i = 0; i < 12; i++)
        foreach (var person in People(days))
        {
            var (message, texts) = drafter.Draft(person, channel, channel == Channel.X ? ShareAction.Tag : ShareAction.Send);
            foreach (var text in new[] { message.Text, message.Subject, texts.Email, texts.Short, texts.XPost, texts.PublicPost })
            foreach (var phrase in MessageDrafter.StockPhrases)
                Assert.DoesNotContain(phrase, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    // What a new user found in drafts on real news pages: canned lines that say nothing about the article or the person.
    [Theory]
    [InlineData("made me think of you and your interest in lung disease")]
    [InlineData("You're the first person I think of for anything on cloud gaming")]
    [InlineData("I'd love to hear your take when you have a minute")]
    [InlineData("No reply needed — it just had your name on it")]
    [InlineData("Hey Lucía, Long time! Given how much you care about football")]
    public void TheStockPhraseTestCatchesThePhrasesFoundOnRealPages(string line) =>
        Assert.Contains(MessageDrafter.StockPhrases, phrase => line.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void EverySentenceOfTheNoteSaysSomethingAboutTheArticleOrThePerson()
    {
        foreach (var days in new int?[] { null, 400 })
        for (var i = 0; i < 12; i++)
        foreach (var person in People(days))
        {
            var email = drafter.Draft(person, Channel.Email, ShareAction.Send).Message.Text;
            var specifics = new[]
            {
                "Norway's carbon store", "The Ledger", "carbon capture", "first million tonnes", "Greenfield Ventures",
                "climate tech investor", "North Sea", "Iceland turns captured carbon", "months", "year",
            };
            // Greeting, link and sign-off aside, every sentence carries the article's point or something of the person.
            var body = email.Split("\n\n")[1..^2];
            foreach (var sentence in string.Join(' ', body).Split(['.', '?', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                         .Where(s => s.Length > 12 && !s.StartsWith('”') && !s.StartsWith('’')))
                Assert.True(specifics.Any(x => sentence.Contains(x, StringComparison.Ordinal)), $"nothing specific in \"{sentence}\" of:\n{email}");
        }
    }

    [Fact]
    public void TheNoteSpeaksToThePersonsCompanyRoleNotesAndLastShare()
    {
        var withCompany = drafter.Draft(Input() with { Company = "Greenfield Ventures" }, Channel.Email, ShareAction.Send).Message.Text;
        var withRole = drafter.Draft(Input() with { Headline = "Climate Tech Investor" }, Channel.Email, ShareAction.Send).Message.Text;
        var withHistory = drafter.Draft(Input() with
        {
            Notes = "Asked about the North Sea last spring. Kids: Mia and Leo.", Now = Now,
            LastShare = new("Iceland turns captured carbon into stone", new DateTime(2025, 11, 20, 0, 0, 0, DateTimeKind.Utc)),
        }, Channel.Email, ShareAction.Send).Message.Text;

        Assert.Contains("Greenfield Ventures", withCompany);
        Assert.Contains("climate tech investor", withRole);
        // A name from the notes that the article names too; never the notes' own words.
        Assert.Contains("North Sea", withHistory);
        Assert.DoesNotContain("Mia", withHistory);
        Assert.DoesNotContain("spring", withHistory);
        Assert.Contains("“Iceland turns captured carbon into stone”", withHistory);
        Assert.Contains("November", withHistory);
    }

    [Fact]
    public void ATitleBeforeTheNameIsNotTheFirstName()
    {
        var (message, texts) = drafter.Draft(Input(name: "Dr. Tom Okafor"), Channel.Email, ShareAction.Send);
        Assert.Matches("^(Hi|Hello|Hey|Dear) Tom,|^Tom —", message.Text);
        Assert.DoesNotContain("Dr.", texts.Short.Split('\n')[0]);
        Assert.EndsWith("Ana", drafter.Draft(Input() with { SenderName = "Prof. Ana Ruiz" }, Channel.Email, ShareAction.Send).Message.Text);
    }

    const string QuotedSentence = "\"That way they may uncover the cause of the flare-ups before patients reach hospital,\" said Amy Lee, who led the study at St Mary's.";

    [Theory]
    [InlineData("“That way they may uncover the cause of the flare-ups before patients reach hospital.”", "“That way they may uncover the cause of the flare-ups before patients reach hospital.”")]
    [InlineData("\"That way they may uncover the cause of the flare-ups before patients reach hospital.\"", "“That way they may uncover the cause of the flare-ups before patients reach hospital.”")]
    [InlineData(QuotedSentence, "“‘That way they may uncover the cause of the flare-ups before patients reach hospital,’ said Amy Lee, who led the study at St Mary's.”")]
    public void ASentenceThatIsItselfAQuoteIsNotQuotedTwice(string evidence, string expected)
    {
        var text = drafter.Draft(Input() with { Evidence = evidence }, Channel.Email, ShareAction.Send).Message.Text;
        Assert.Contains(expected, text);
        Assert.DoesNotMatch("[“\"][“\"]|[”\"][”\"]", text);
    }

    [Fact]
    public void ATitleThatHoldsAQuoteIsNotQuotedTwiceWhenRecalled()
    {
        var input = Input() with { Now = Now, LastShare = new("\"Carbon is forever\": Iceland's plant turns CO2 to stone", Now.AddDays(-60)) };
        var text = drafter.Draft(input, Channel.Email, ShareAction.Send).Message.Text;
        Assert.Contains("“‘Carbon is forever’: Iceland's plant turns CO2 to stone”", text);
        Assert.DoesNotMatch("[“\"][“\"]|[”\"][”\"]", text);
    }

    [Fact]
    public void AQuoteCutForAShortChannelEndsWithAnEllipsisAndItsClosingMarksAndTheNoteStillSignsOff()
    {
        var evidence = QuotedSentence.Replace("hospital,", "hospital, which in a winter like the last one can be days earlier than anyone on the ward would otherwise notice,");
        var (whatsapp, _) = drafter.Draft(Input() with { Evidence = evidence }, Channel.WhatsApp, ShareAction.Send);

        var quote = Assert.Single(whatsapp.Text.Split("\n\n"), p => p.StartsWith("“‘"));
        Assert.EndsWith("…’”", quote);
        Assert.True(quote.Length <= 150, quote);
        Assert.EndsWith("\n\nAna", whatsapp.Text);
    }

    [Fact]
    public void AGreetingWithALongGapIsOneNaturalSentence()
    {
        for (var i = 0; i < 12; i++)
        {
            var (whatsapp, _) = drafter.Draft(Input(name: "Lucía Fernández", days: 400, id: Guid.CreateVersion7()), Channel.WhatsApp, ShareAction.Send);
            var first = whatsapp.Text.Split("\n\n")[0];
            // "Hey Lucía, it's been over a year since we last spoke, which is far too long." — not "Hey Lucía, Long time! Given…".
            Assert.Matches(@"^((Hi|Hello|Hey) Lucía,|Lucía —) (it's|I realise|we haven't)", first);
            Assert.Matches(@"^[^.!?]+\.$", first.Replace("Lucía —", "Lucía,"));
        }
    }

    [Fact]
    public void TheSubjectDoesNotRepeatTheInterest()
    {
        for (var i = 0; i < 12; i++)
        {
            var input = Input(id: Guid.CreateVersion7()) with { Interest = "impeachment", ArticleTitle = "Impeachment hearings: what to watch for this week" };
            var subject = drafter.Draft(input, Channel.Email, ShareAction.Send).Message.Subject;
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(subject, "impeach", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        }
        // An interest the title does not name is still said once.
        Assert.Contains("carbon capture", drafter.Draft(Input(), Channel.Email, ShareAction.Send).Message.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ALongSilenceIsAcknowledgedAndARecentContactIsNot()
    {
        var (stale, _) = drafter.Draft(Input(days: 400), Channel.Email, ShareAction.Send);
        var (recent, _) = drafter.Draft(Input(days: 30), Channel.Email, ShareAction.Send);

        Assert.Matches("(too long|longer than I'd like|haven't spoken)", stale.Text);
        Assert.Contains("year", stale.Text);
        Assert.DoesNotMatch("(too long|longer than I'd like|haven't spoken)", recent.Text);
    }

    [Fact]
    public void TheUsersSelectionIsQuoted()
    {
        var (message, _) = drafter.Draft(Input(selection: "storage capacity could triple by 2030"), Channel.Email, ShareAction.Send);
        Assert.Contains("“storage capacity could triple by 2030”", message.Text);
    }

    [Fact]
    public void TheSameInputsGiveTheSameDraft()
    {
        var a = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        var b = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        Assert.Equal(a, b);
    }

    [Fact]
    public void TwoContactsNeverGetTheSameText()
    {
        var texts = Enumerable.Range(0, 20)
            .Select(i => drafter.Draft(Input(name: $"Sam Lee", id: Guid.CreateVersion7()), Channel.Email, ShareAction.Send).Message.Text)
            .ToList();
        // Same first name, same article: the wording itself must vary.
        Assert.True(texts.Distinct().Count() >= 8, $"only {texts.Distinct().Count()} distinct drafts of 20");
    }

    [Fact]
    public void ChannelsGetTheirOwnLength()
    {
        var (email, texts) = drafter.Draft(Input(), Channel.Email, ShareAction.Send);
        var (x, _) = drafter.Draft(Input(), Channel.X, ShareAction.Tag);
        var (whatsapp, _) = drafter.Draft(Input(), Channel.WhatsApp, ShareAction.Send);

        Assert.True(x.Text.Length + 1 + Url.Length <= 280);
        Assert.StartsWith("Norway", x.Text);
        Assert.Contains("@bencarter", x.Text);
        Assert.True(whatsapp.Text.Length < email.Text.Length);
        Assert.Equal(texts.Email, email.Text);
    }

    [Fact]
    public void MarkdownIsRenderedSafely()
    {
        var input = Input(name: "<script>alert(1)</script>", title: "Fish & <b>chips</b> [click](javascript:alert(1))");
        var (message, _) = drafter.Draft(input, Channel.Email, ShareAction.Send);

        Assert.DoesNotContain("<script", message.Html);
        Assert.DoesNotContain("<b>", message.Html);
        Assert.DoesNotContain("href=\"javascript", message.Html);
        Assert.Contains("&lt;script&gt;", message.Html);
        Assert.Contains($"<a href=\"{Url}\">", message.Html);
    }

    [Fact]
    public void ABarePhraseIsNotQuotedAsADetailTheLeadIs()
    {
        var input = Input() with
        {
            Evidence = "carbon capture",
            Lead = "Iceland's newest plant pulls 36,000 tonnes of CO2 a year out of the air and turns it to stone. Later sentences follow.",
        };
        var (message, _) = drafter.Draft(input, Channel.Email, ShareAction.Send);

        Assert.DoesNotContain("“carbon capture”", message.Text);
        Assert.Contains("“Iceland's newest plant pulls 36,000 tonnes of CO2 a year out of the air and turns it to stone.”", message.Text);
    }
}
