using ContentHelper.Api.Suggestions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;

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
    public void TheNoteSpeaksToThePersonsNotesAndLastShareButNeverTheirCompanyOrHeadline()
    {
        var withWork = drafter.Draft(Input() with { Company = "Greenfield Ventures", Headline = "Climate Tech Investor" }, Channel.Email, ShareAction.Send).Message.Text;
        var withHistory = drafter.Draft(Input() with
        {
            Notes = "Asked about the North Sea last spring. Kids: Mia and Leo.", Now = Now,
            LastShare = new("Iceland turns captured carbon into stone", new DateTime(2025, 11, 20, 0, 0, 0, DateTimeKind.Utc)),
        }, Channel.Email, ShareAction.Send).Message.Text;

        // "Is that what you're seeing at Greenfield Ventures?" reads as a mail merge.
        Assert.DoesNotContain("Greenfield", withWork);
        Assert.DoesNotContain("investor", withWork, StringComparison.OrdinalIgnoreCase);
        // A name from the notes that the article names too; never the notes' own words.
        Assert.Contains("North Sea", withHistory);
        Assert.DoesNotContain("Mia", withHistory);
        Assert.DoesNotContain("spring", withHistory);
    }

    [Fact]
    public void TheLastPieceSentIsRecalledWhenOnTheSameSubject()
    {
        var text = drafter.Draft(Input() with
        {
            Now = Now, LastShare = new("Iceland turns captured carbon into stone", new DateTime(2025, 11, 20, 0, 0, 0, DateTimeKind.Utc)),
        }, Channel.Email, ShareAction.Send).Message.Text;
        Assert.Contains("“Iceland turns captured carbon into stone”", text);
        Assert.Contains("November", text);
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
    public void TheSubjectDoesNotRepeatTheInterest()
    {
        for (var i = 0; i < 12; i++)
        {
            var input = Input(id: Guid.CreateVersion7()) with { Interest = "impeachment", ArticleTitle = "Impeachment hearings: what to watch for this week" };
            var subject = drafter.Draft(input, Channel.Email, ShareAction.Send).Message.Subject!;
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(subject, "impeach", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        }
        // An interest the title does not name is still said once.
        Assert.Contains("carbon capture", drafter.Draft(Input(), Channel.Email, ShareAction.Send).Message.Subject, StringComparison.OrdinalIgnoreCase);
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

    // The gap lines of every length band, to tell whether a note says it.
    static readonly string[] GapLines = [.. DraftWording.GapsMonths, .. DraftWording.GapsYear, .. DraftWording.GapsYears, .. DraftWording.GapsAfter, .. DraftWording.GapsBrief, .. DraftWording.GapsBriefYear, .. DraftWording.GapsBriefYears];

    internal static int GapsSaid(string text) => GapLines.Count(g => System.Text.RegularExpressions.Regex.IsMatch(text,
        "^" + System.Text.RegularExpressions.Regex.Escape(g).Replace(@"\{m}", "[A-Z][a-z]+") + "$|" + System.Text.RegularExpressions.Regex.Escape(g).Replace(@"\{m}", "[A-Z][a-z]+"),
        System.Text.RegularExpressions.RegexOptions.Multiline));

    [Fact]
    public void ALongSilenceIsSaidOnceAndARecentContactIsNot()
    {
        for (var i = 0; i < 12; i++)
        {
            var id = Guid.CreateVersion7();
            var stale = drafter.Draft(Input(days: 400, id: id) with { Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
            var recent = drafter.Draft(Input(days: 30, id: id) with { Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
            Assert.Equal(1, GapsSaid(stale));
            Assert.Equal(0, GapsSaid(recent));
        }
    }

    // The card says "Last in touch 10 months ago" (the extension rounds days / 30.4, years from 730 days); the note
    // must not say "it's been 9 months": it names no number.
    [Theory]
    [InlineData(200)]
    [InlineData(290)]
    [InlineData(340)]
    [InlineData(400)]
    [InlineData(800)]
    public void AGapIsWordedWithoutANumber(int days)
    {
        for (var i = 0; i < 16; i++)
            foreach (var channel in new[] { Channel.Email, Channel.WhatsApp })
            {
                var text = drafter.Draft(Input(days: days, id: Guid.CreateVersion7()) with { Now = Now }, channel, ShareAction.Send).Message.Text;
                Assert.DoesNotMatch(@"\d+\s*(months?|years?|weeks?)", text);
            }
    }

    // Under a year the card says "6 months ago" … "12 months ago": the note must not round it up to a year.
    [Theory]
    [InlineData(200)]
    [InlineData(290)]
    [InlineData(340)]
    public void AGapUnderAYearIsNeverCalledAYear(int days)
    {
        for (var i = 0; i < 16; i++)
            foreach (var channel in new[] { Channel.Email, Channel.WhatsApp })
                Assert.DoesNotContain("year", drafter.Draft(Input(days: days, id: Guid.CreateVersion7()) with { Now = Now }, channel, ShareAction.Send).Message.Text,
                    StringComparison.OrdinalIgnoreCase);
    }

    const string LongEvidence = "The Longship plant, which was first proposed more than a decade ago by a consortium of Norwegian utilities and has since been expanded twice, injected its first million tonnes of CO2 under the North Sea this winter, according to operators who spoke to reporters at the terminal near Bergen on Tuesday afternoon.";

    [Fact]
    public void AQuoteIsAWholeSentenceNeverCutMidSentence()
    {
        var input = Input() with
        {
            Evidence = LongEvidence,
            Lead = "Operators said on Tuesday that storage would reach five million tonnes a year by 2028. More follows.",
        };
        foreach (var channel in new[] { Channel.Email, Channel.WhatsApp, Channel.LinkedIn })
        {
            var text = drafter.Draft(input, channel, ShareAction.Send).Message.Text;
            Assert.DoesNotContain("…", text);
            Assert.Contains("“Operators said on Tuesday that storage would reach five million tonnes a year by 2028.”", text);
        }
    }

    [Theory]
    [InlineData("Follow AP's full coverage of Brexit and British politics at https://apnews.com/Brexit.")]
    [InlineData("Sign up for our climate newsletter to get stories like this in your inbox every week.")]
    [InlineData("Click here to read the rest of our coverage of the North Sea storage project.")]
    [InlineData("Photo by Kari Nordmann for Getty Images, taken at the Longship terminal near Bergen.")]
    public void BoilerplateIsNeverQuoted(string evidence)
    {
        var input = Input() with { Evidence = evidence, Lead = "The Longship plant injected its first million tonnes of CO2 under the North Sea this winter." };
        var text = drafter.Draft(input, Channel.Email, ShareAction.Send).Message.Text;
        Assert.DoesNotContain(evidence[..20], text);
        Assert.Contains("“The Longship plant injected its first million tonnes of CO2 under the North Sea this winter.”", text);
    }

    [Theory]
    [InlineData("mba candidate")]
    [InlineData("Talent Acquisition Lead")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    public void AnInterestThatIsAJobTitleOrAFormulaIsNotPastedIntoTheNote(string interest)
    {
        for (var i = 0; i < 12; i++)
        {
            var (message, texts) = drafter.Draft(Input(id: Guid.CreateVersion7()) with { Interest = interest }, Channel.Email, ShareAction.Send);
            foreach (var text in new[] { message.Text, message.Subject!, texts.Short, texts.XPost, texts.PublicPost })
                Assert.DoesNotContain(interest, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void NoSentenceIsBuiltFromTheCompanyOrHeadline()
    {
        for (var i = 0; i < 24; i++)
        {
            var input = Input(id: Guid.CreateVersion7(), days: i % 2 == 0 ? 300 : 10) with { Company = "UPS", Headline = "Freelance tennis coach" };
            var text = drafter.Draft(input, Channel.Email, ShareAction.Send).Message.Text;
            Assert.DoesNotContain("UPS", text);
            Assert.DoesNotContain("tennis", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("squares with", text);
            Assert.DoesNotContain("hat on", text);
        }
    }

    [Fact]
    public void FormulaAndMarkupInImportedFieldsNeverReachTheNote()
    {
        string[] marks = ["=cmd", "calc!", "<script", "alert(", "HYPERLINK", "<b>", "&amp;"];
        for (var i = 0; i < 12; i++)
        {
            var input = Input(name: "<b>Ben</b> Carter", id: Guid.CreateVersion7(), days: 400) with
            {
                Company = "=cmd|' /C calc'!A0", Headline = "<script>alert(1)</script>", Notes = "=HYPERLINK(\"http://x\") North Sea",
                Now = Now, LastShare = new("<b>Carbon</b> &amp; stone", Now.AddDays(-60)),
            };
            var (message, texts) = drafter.Draft(input, Channel.Email, ShareAction.Send);
            foreach (var text in new[] { message.Text, message.Subject!, texts.Short, texts.XPost, texts.PublicPost })
            foreach (var mark in marks)
                Assert.DoesNotContain(mark, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ToneShapesGreetingLengthAndSignOff()
    {
        var id = Guid.Parse("0195f6a0-0000-7000-8000-000000000007");
        var brief = drafter.Draft(Input(id: id, days: 300) with { Tone = DraftTone.Brief, Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
        var formal = drafter.Draft(Input(id: id, days: 300) with { Tone = DraftTone.Formal, Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
        var warm = drafter.Draft(Input(id: id, days: 300) with { Tone = DraftTone.Warm, Now = Now }, Channel.Email, ShareAction.Send).Message.Text;

        Assert.Equal(2, BodySentences(brief));
        Assert.EndsWith("\n\nAna", brief);
        Assert.Matches("^(Dear|Hello) Ben,", formal);
        Assert.EndsWith("Best regards,\nAna Ruiz", formal);
        // Contractions spelled out outside the quote.
        Assert.DoesNotMatch(@"\b(it's|I've|that's|you'll|I'd|I'm|we're|haven't|let's)\b", QuoteFree(formal));
        Assert.DoesNotContain("is been", formal, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(BodySentences(warm), 3, 4);
        Assert.NotEqual(warm, formal);
    }

    [Fact]
    public void AFormalNoteSpellsOutItsContractionsGrammatically()
    {
        for (var i = 0; i < 24; i++)
        {
            var text = drafter.Draft(Input(id: Guid.CreateVersion7(), days: 300) with { Tone = DraftTone.Formal, Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
            Assert.DoesNotMatch(@"\b(it|that|there) is been\b", text.ToLowerInvariant());
            Assert.DoesNotMatch(@"\b(it's|I've|that's|you'll|I'd|I'm|we're|haven't|let's|here's|didn't)\b", QuoteFree(text));
        }
    }

    [Fact]
    public void TheLearnedVoiceGivesGreetingSignOffLengthAndClosingLine()
    {
        var voice = new UserVoice("Hey {0}!", "Cheers, Ana", 2, "Coffee soon?", 6);
        for (var i = 0; i < 12; i++)
        {
            var text = drafter.Draft(Input(id: Guid.CreateVersion7(), days: i % 2 == 0 ? 300 : 10) with { Voice = voice, Now = Now }, Channel.Email, ShareAction.Send).Message.Text;
            Assert.StartsWith("Hey Ben!\n\n", text);
            Assert.EndsWith("\n\nCheers, Ana", text);
            Assert.Contains("Coffee soon?", text);
            Assert.Equal(2, BodySentences(text));
        }
    }

    [Fact]
    public void VoiceLearnerReadsAConsistentStyleAndReusesOnlyAGeneralClosingLine()
    {
        string Note(string first, int n) =>
            $"Hey {first}!\n\nSaw “Ship {n} docks at the port with 40 tonnes.” It is the piece on logistics. Coffee soon?\n\nhttps://example.com/{n}\n\nCheers, Ana";
        var sent = new[] { ("Sam Lee", 1), ("Tom Hart", 2), ("Mia Wong", 3), ("Joe Bell", 4) }.Select(p => (Note(p.Item1.Split(' ')[0], p.Item2), p.Item1));

        var voice = VoiceLearner.Learn(sent);

        Assert.Equal("Hey {0}!", voice.Greeting);
        Assert.Equal("Cheers, Ana", voice.SignOff);
        Assert.Equal(3, voice.Sentences);
        Assert.Equal("Coffee soon?", voice.Closing);
        // Two notes show no habit yet; a line naming one article's numbers is never reused.
        Assert.True(VoiceLearner.Learn(sent.Take(2)).IsEmpty);
        var specific = VoiceLearner.Learn(Enumerable.Range(0, 4).Select(i => ($"Hi Sam,\n\nGood piece. Up 40% since 2019.\n\nAna", "Sam Lee")));
        Assert.Null(specific.Closing);
    }

    // Across one user's drafts — 24 people, 6 articles — no four-word phrase of the drafts' own wording (names,
    // titles, quotes and interests aside) is in more than one draft in ten.
    [Fact]
    public void WordingVariesAcrossANetwork()
    {
        string[] interests = ["carbon capture", "energy policy", "climate finance", "shipping", "the North Sea", "geology"];
        var drafts = new List<(string Text, string[] Skip)>();
        for (var a = 0; a < 6; a++)
        for (var c = 0; c < 24; c++)
        {
            var name = $"Person{c} Surname";
            var input = Input(name: name, id: new Guid(c + 1, 0, 0, new byte[8]), days: new int?[] { null, 10, 90, 200, 300, 500, 1100 }[c % 7]) with
            {
                Interest = interests[c % interests.Length], ArticleUrl = $"https://news.example.com/story-{a}", ArticleTitle = $"Story number {a}",
                Evidence = $"The plant stored {a + 1} million tonnes of carbon under the sea this winter.", Now = Now,
            };
            var text = drafter.Draft(input, c % 5 == 4 ? Channel.WhatsApp : Channel.Email, ShareAction.Send).Message.Text;
            drafts.Add((text, [$"Person{c}", "Ana", "Story number " + a, input.Interest, "The Ledger", input.ArticleUrl]));
        }
        var counts = new Dictionary<string, int>();
        foreach (var (text, skip) in drafts)
            foreach (var gram in FourWordPhrases(text, skip).Distinct()) counts[gram] = counts.GetValueOrDefault(gram) + 1;
        var (phrase, most) = counts.MaxBy(kv => kv.Value);
        Assert.True(most * 10 <= drafts.Count, $"\"{phrase}\" is in {most} of {drafts.Count} drafts");
    }

    static IEnumerable<string> FourWordPhrases(string text, string[] skip)
    {
        text = System.Text.RegularExpressions.Regex.Replace(text, "“[^”]*”", " | ");
        foreach (var s in skip) text = text.Replace(s, " | ", StringComparison.OrdinalIgnoreCase);
        foreach (var segment in System.Text.RegularExpressions.Regex.Split(text, @"[|\n—–:;.!?()]"))
        {
            var words = System.Text.RegularExpressions.Regex.Matches(segment.ToLowerInvariant(), @"[\p{L}\p{N}']+").Select(m => m.Value).ToArray();
            for (var i = 0; i + 4 <= words.Length; i++) yield return string.Join(' ', words[i..(i + 4)]);
        }
    }

    // A quote that ends its sentence counts as its stop; a title named mid-sentence does not.
    static string QuoteFree(string text) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(text, @"“[^”]*”(?=\s*$|\s+[A-Z“])", "Q."), "“[^”]*”", "Q");

    // The body's sentences: greeting, link and sign-off aside; a quote is part of its sentence.
    static int BodySentences(string text)
    {
        var paragraphs = text.Split("\n\n").ToList();
        paragraphs.RemoveAt(0);
        paragraphs.RemoveAt(paragraphs.Count - 1);
        paragraphs.RemoveAll(p => p.StartsWith("http", StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Matches(QuoteFree(string.Join(' ', paragraphs)), @"[.!?](?=\s|$)").Count;
    }
}
