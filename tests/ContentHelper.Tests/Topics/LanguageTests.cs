using System.Net;
using ContentHelper.Api.Topics;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;
using Microsoft.Extensions.Options;

namespace ContentHelper.Tests.Topics;

/// <summary>Pages not in English: their language is told from their text, their topics hold no function words, matching says the page is in another language, and a Latin-script page is still read by meaning.</summary>
public sealed class LanguageTests : IDisposable
{
    readonly ContentHelperApp app = new();
    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("de", "Die Landesregierung will die Grundschulen im kommenden Jahr grundlegend reformieren und mehr Lehrerinnen und Lehrer einstellen. Nach den Plänen des Ministeriums sollen die Klassen kleiner werden, und der Unterricht in Mathematik und Deutsch soll mehr Stunden bekommen als bisher.")]
    [InlineData("fr", "Le musée des beaux-arts de la ville rouvre ses portes ce samedi, après trois ans de travaux. Les visiteurs pourront découvrir de nouvelles salles consacrées à la peinture du dix-neuvième siècle, ainsi qu'un espace pour les expositions temporaires de la ville.")]
    [InlineData("es", "El gobierno anunció este lunes un plan para construir más viviendas en las ciudades, con el objetivo de que los jóvenes puedan alquilar un piso a un precio razonable. La medida fue criticada por la oposición, que la considera insuficiente para el problema.")]
    [InlineData("en", "The city council voted on Tuesday to close the main road to cars on weekends, after a trial that the mayor said had brought more people into the shops and cafés than before. Opponents said the decision was rushed and that it would hurt deliveries.")]
    [InlineData("zh", "新竹尖石鄉後山一帶的楓葉已經轉紅，吸引不少遊客上山賞楓。當地居民表示，今年的天氣較冷，楓葉的顏色特別鮮豔，週末的露營地幾乎都已客滿。")]
    public void ALanguageIsToldFromTheText(string expected, string text) =>
        Assert.Equal(expected, Languages.Detect(text, declared: null));

    [Fact]
    public void ASiteWideLangAttributeDoesNotMakeAnEnglishPageForeign() =>
        Assert.Equal("en", Languages.Detect("The city council voted on Tuesday to close the main road to cars on weekends, after a trial that the mayor said had brought more people into the shops and cafés than before. Opponents said the decision was rushed.", declared: "de-DE"));

    [Fact]
    public void AnInitialOrATitleDoesNotEndASentence()
    {
        var text = ArticleText.From(new Article
        {
            Url = "https://example.test/sirhan",
            Title = "Assassin stabbed in prison",
            Text = "Sirhan Sirhan, who killed Robert F. Kennedy in 1968, was stabbed in a California prison on Friday. Dr. Ruiz said he was stable.",
        }, 2);

        Assert.Contains(text.Sentences, s => s.Text == "Sirhan Sirhan, who killed Robert F. Kennedy in 1968, was stabbed in a California prison on Friday.");
        Assert.Contains(text.Sentences, s => s.Text == "Dr. Ruiz said he was stable.");
    }

    [Theory]
    [InlineData(NetworkPages.GermanTitle, NetworkPages.GermanUrl, "de", new[] { "die", "und", "der", "eine", "den", "des" })]
    [InlineData(NetworkPages.FrenchTitle, NetworkPages.FrenchUrl, "fr", new[] { "les", "des", "par", "pour", "une", "ses", "la", "le" })]
    public async Task APageInAnotherLanguageGetsTopicsWithoutItsFunctionWords(string title, string url, string language, string[] functionWords)
    {
        var client = await app.SignUpAsync();
        await client.Post("/api/contacts", new ContactRequest { Name = "Ana Ruiz", Interests = ["education"] });
        var paragraphs = language == "de" ? NetworkPages.German : NetworkPages.French;

        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = NetworkPages.Html(title, paragraphs, url, language) }))
            .Read<SuggestionsResponse>();

        Assert.Equal(language, result.Article.Language);
        Assert.NotEmpty(result.Article.Topics);
        var words = result.Article.Topics.SelectMany(t => t.Phrase.ToLowerInvariant().Split(' ')).ToHashSet();
        Assert.Empty(words.Intersect(functionWords));
    }

    // "art museums" is not among the French page's words ("musée", "œuvres", "peinture"): only reading it by meaning
    // finds her, as a person who reads French would. Words alone (the old rule for every page not in English) did not.
    // The answer says it was read by meaning, in another language, so the popup need not know which languages are.
    [Fact]
    public async Task APageInALatinScriptLanguageIsMatchedByMeaningNotOnlyByItsWordsAndSaysSo()
    {
        using var withModel = new ContentHelperApp(withModel: true);
        var client = await withModel.SignUpAsync();
        await client.Post("/api/contacts", new ContactRequest { Name = "Léa Martin", Interests = ["art museums"] });
        await client.Post("/api/contacts", new ContactRequest { Name = "Tom Berg", Interests = ["cryptocurrency trading"] });
        await withModel.EmbeddedAsync();

        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest
        {
            Url = NetworkPages.FrenchUrl,
            Html = NetworkPages.Html(NetworkPages.FrenchTitle, NetworkPages.French, NetworkPages.FrenchUrl, "fr"),
        })).Read<SuggestionsResponse>();

        Assert.Equal(MatchingMode.OtherLanguageByMeaning, result.Matching);
        Assert.Equal(["Léa Martin"], result.Suggestions.Select(s => s.Contact.Name));
    }

    // With the model loaded and ready, a Chinese page is still matched by words only, and the answer says so.
    [Fact]
    public async Task APageInAnotherScriptSaysItIsMatchedByWordsOnlyWhileAnEnglishPageIsMatchedByMeaning()
    {
        using var withModel = new ContentHelperApp(withModel: true);
        var client = await withModel.SignUpAsync();
        await client.Post("/api/contacts", new ContactRequest { Name = "Léa Martin", Interests = ["art museums"] });
        await withModel.EmbeddedAsync();
        const string chineseUrl = "https://news.example.tw/travel/maple";
        string[] chinese =
        [
            "新竹尖石鄉後山一帶的楓葉已經轉紅，吸引不少遊客上山賞楓。當地居民表示，今年的天氣較冷，楓葉的顏色特別鮮豔，週末的露營地幾乎都已客滿。",
            "鄉公所提醒遊客，山區道路狹窄，假日車流量大，建議搭乘接駁車上山，並注意午後的濃霧與落石。部分步道因颱風受損，目前仍在整修中，請遊客不要擅自進入。",
            "當地的部落也趁著賞楓季節推出導覽行程，帶領遊客認識泰雅族的傳統文化與山林知識，並品嚐以當季蔬菜與山產做成的風味餐。",
            "氣象專家指出，楓葉轉紅的時間與夜間低溫有關，今年入秋後氣溫下降得早，預計最佳觀賞期將持續到十二月中旬。",
        ];

        var inChinese = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = chineseUrl, Html = NetworkPages.Html("尖石鄉楓葉轉紅", chinese, chineseUrl, "zh") }))
            .Read<SuggestionsResponse>();
        var inEnglish = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = NetworkPages.EuropaUrl, Html = NetworkPages.Html(NetworkPages.EuropaTitle, NetworkPages.Europa, NetworkPages.EuropaUrl) }))
            .Read<SuggestionsResponse>();

        Assert.Equal(("zh", MatchingMode.OtherLanguage), (inChinese.Article.Language, inChinese.Matching));
        Assert.Equal(("en", MatchingMode.Semantic), (inEnglish.Article.Language, inEnglish.Matching));
    }
}
