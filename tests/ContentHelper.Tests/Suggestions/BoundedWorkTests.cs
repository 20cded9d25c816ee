using System.Net;
using System.Text;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>Huge pages cost bounded work: capped text, a budget for the whole call, a limit on such calls at once.</summary>
public sealed class BoundedWorkTests
{
    /// <summary>A page that is nothing but keywords, in paragraphs of sentences with no full stop at all.</summary>
    static string KeywordPage(int chars, string keyword = "carbon capture")
    {
        var body = new StringBuilder();
        var words = new[] { keyword, "energy storage", "climate policy", "steel", "cement", "hydrogen" };
        for (var p = 0; body.Length < chars; p++)
            body.Append("<p>").AppendJoin(' ', Enumerable.Range(0, 200).Select(i => words[(i + p) % words.Length])).Append("</p>\n");
        return $"<!doctype html><html lang=\"en\"><head><title>Keywords</title></head><body><article><h1>Keywords about {keyword}</h1>{body}</article></body></html>";
    }

    [Fact]
    public async Task TheTextAnalysedIsCappedAndReasonsCarryBoundedSentences()
    {
        using var app = new ContentHelperApp(new() { ["Articles:MaxAnalysedChars"] = "30000" });
        var client = await app.SignUpAsync();
        var html = KeywordPage(400_000);

        var parsed = await (await client.Post("/api/articles/parse", new ParseArticleRequest { Url = "https://keywords.example.com/2026/everything", Html = html })).Read<Article>();
        Assert.InRange(parsed.Text.Length, 15_000, 30_000);

        await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);
        var result = await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = "https://keywords.example.com/2026/everything", Html = html })).Read<SuggestionsResponse>();
        Assert.True(result.Suggestions.Count == 1, result.NoMatchReason + " " + string.Join(",", result.Article.Topics.Select(t => t.Phrase)));
        var reason = result.Suggestions[0].Reasons[0];
        // A paragraph without a full stop is one "sentence" of thousands of characters; the answer carries a bounded part.
        Assert.InRange(reason.Sentence!.Length, 1, 501);
    }

    [Fact]
    public async Task ACallPastItsTimeBudgetIs503ProblemDetailsWithRetryAfter()
    {
        using var app = new ContentHelperApp(new() { ["Suggestions:TimeBudget"] = "00:00:00.001" });
        var client = await app.SignUpAsync();
        await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben", Interests = ["carbon capture"] })).Read<ContactResponse>(HttpStatusCode.Created);

        var response = await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = KeywordPage(200_000) });
        var problem = await response.Problem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("too long", problem.Title);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task ExpensiveCallsPastTheConcurrencyLimitAre503WhileHealthAnswers()
    {
        using var app = new ContentHelperApp(new() { ["Limits:ExpensiveConcurrency"] = "1", ["Limits:ExpensiveQueue"] = "0" });
        var client = await app.SignUpAsync();
        var html = KeywordPage(1_500_000);

        var calls = Enumerable.Range(0, 6)
            .Select(_ => client.Post("/api/articles/parse", new ParseArticleRequest { Url = "https://keywords.example.com/2026/everything", Html = html }))
            .ToList();
        var health = await app.CreateClient().GetAsync("/health");
        var statuses = (await Task.WhenAll(calls)).Select(r => r.StatusCode).ToList();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }
}
