using System.Net;
using System.Text;
using System.Text.Json;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Platform;

[Trait("Storage", "Portable")]
public sealed class PlatformTests : IDisposable
{
    readonly ContentHelperApp app = new(new() { ["Limits:MaxBodyBytes"] = "4096" });
    public void Dispose() => app.Dispose();

    [Fact]
    public async Task OpenApiDocumentDescribesEveryRouteAndTheBearerScheme()
    {
        var json = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(json);
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/accounts", "/api/me", "/api/tokens", "/api/tokens/current", "/api/contacts", "/api/contacts/{id}",
                     "/api/contacts/{id}/shares", "/api/shares", "/api/shares/{id}", "/api/shares/export", "/api/suggestions",
                     "/api/suggestions/dismiss", "/api/articles/parse", "/api/contacts/import", "/api/imports", "/api/imports/{id}",
                     "/api/contacts/duplicates", "/api/contacts/{id}/merge", "/api/contacts/{id}/interests/accept" })
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");

        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        // Protected operations carry the requirement; account creation does not.
        Assert.True(paths.GetProperty("/api/contacts").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/accounts").GetProperty("post").TryGetProperty("security", out _));
        // The import route reads its body itself; the document still says what to send.
        var import = paths.GetProperty("/api/contacts/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(import.TryGetProperty("multipart/form-data", out _));
        // Typed results document their outcomes.
        var getContact = paths.GetProperty("/api/contacts/{id}").GetProperty("get").GetProperty("responses");
        Assert.True(getContact.TryGetProperty("200", out _));
        Assert.True(getContact.TryGetProperty("404", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServedAndPointsAtTheDocument()
    {
        var client = app.CreateClient();
        var page = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var init = await client.GetStringAsync("/swagger/index.js");
        Assert.Contains("/openapi/v1.json", init);
    }

    [Fact]
    public async Task HealthSaysTheDatabaseIsReachable()
    {
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        // These tests switch the model off: the report says in words that matching is lexical, and nothing more.
        var matching = health.RootElement.GetProperty("checks").GetProperty("matching");
        Assert.Contains("Lexical matching only", matching.GetProperty("description").GetString());
        Assert.False(matching.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task UnknownApiRoutesAre404ProblemDetails()
    {
        var client = await app.SignUpAsync();
        await (await client.GetAsync("/api/nothing-here")).Problem(HttpStatusCode.NotFound);
        await (await app.CreateClient().GetAsync("/api/nothing-here")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OversizedBodiesAre413ProblemDetailsAndStoreNothing()
    {
        var client = await app.SignUpAsync();
        var response = await client.Post("/api/contacts", new ContactRequest { Name = "Big", Notes = new string('x', 5000) });
        var problem = await response.Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4,096", problem.Detail);
        Assert.Equal(0, app.Db(db => db.Contacts.Count()));
    }

    [Fact]
    public async Task WrongContentTypeIs415ProblemDetails()
    {
        var client = await app.SignUpAsync();
        var response = await client.PostAsync("/api/contacts", new StringContent("name=Bo", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.Problem(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("<html>not json</html>")]
    [InlineData("[]")]
    public async Task MalformedJsonIs400ProblemDetails(string body)
    {
        var client = await app.SignUpAsync();
        var response = await client.PostAsync("/api/contacts", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("   at ", problem.Detail ?? "");
        Assert.Equal(0, app.Db(db => db.Contacts.Count()));
    }

    [Theory]
    [InlineData("chrome-extension://abcdefghijklmnopabcdefghijklmnop")]
    [InlineData("moz-extension://2b3c6a1e-1111-2222-3333-444455556666")]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:3000")]
    [InlineData("null")]
    public async Task CorsAllowsNoOriginThatIsNotConfigured(string origin) => Assert.False(await Preflight(app, origin));

    [Fact]
    public async Task ResponsesAreNotSniffedPersonalDataIsNotCachedAndSwaggerHasAPolicy()
    {
        var client = await app.SignUpAsync();
        var contacts = await client.GetAsync("/api/contacts");
        Assert.Equal(["nosniff"], contacts.Headers.GetValues("X-Content-Type-Options"));
        Assert.True(contacts.Headers.CacheControl?.NoStore, "personal data must not be stored by caches");
        var missing = await client.GetAsync("/api/nothing-here");
        Assert.True(missing.Headers.CacheControl?.NoStore);
        Assert.Equal(["nosniff"], missing.Headers.GetValues("X-Content-Type-Options"));

        var swagger = await app.CreateClient().GetAsync("/swagger/index.html");
        var policy = string.Join(";", swagger.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal(["nosniff"], swagger.Headers.GetValues("X-Content-Type-Options"));
        foreach (var response in new[] { contacts, missing, swagger, await app.CreateClient().GetAsync("/health") })
        {
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        }
    }

    const string OurChrome = "abcdefghijklmnopabcdefghijklmnop";
    const string OurFirefox = "2b3c6a1e-1111-2222-3333-444455556666";

    [Theory]
    [InlineData("chrome-extension://" + OurChrome, true)]
    [InlineData("moz-extension://" + OurFirefox, true)]
    [InlineData("chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba", false)]
    [InlineData("moz-extension://99999999-1111-2222-3333-444455556666", false)]
    [InlineData("chrome-extension://" + OurChrome + ".evil.example", false)]
    [InlineData("https://evil.example", false)]
    public async Task CorsAllowsOnlyTheConfiguredExtensions(string origin, bool allowed)
    {
        using var configured = new ContentHelperApp(new() { ["Cors:ExtensionIds:0"] = OurChrome, ["Cors:ExtensionIds:1"] = OurFirefox });
        Assert.Equal(allowed, await Preflight(configured, origin));
    }

    [Theory]
    [InlineData("chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba", true)]
    [InlineData("moz-extension://99999999-1111-2222-3333-444455556666", true)]
    [InlineData("http://localhost:3000", false)]
    public async Task CorsAllowsAnyExtensionInDevelopment(string origin, bool allowed)
    {
        using var development = new ContentHelperApp(new() { ["environment"] = "Development" });
        Assert.Equal(allowed, await Preflight(development, origin));
    }

    static async Task<bool> Preflight(ContentHelperApp app, string origin)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/suggestions");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        var response = await app.CreateClient().SendAsync(preflight);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowOrigin) && allowOrigin.Single() == origin;
    }

    [Fact]
    public async Task RequestLogsNeverContainTokensOrPageContent()
    {
        var (client, account) = await app.SignUpWithAccountAsync();
        const string secretHtml = "<p>very private page text 7f3a</p>";
        await client.Post("/api/contacts", new ContactRequest { Name = "Logged", Notes = secretHtml });
        await client.GetAsync("/api/contacts?q=secret-query-9c1d");

        var logs = string.Join('\n', app.Logs);
        Assert.Contains("/api/contacts", logs);
        Assert.DoesNotContain(account.Token, logs);
        Assert.DoesNotContain(account.Token[3..12], logs);
        Assert.DoesNotContain("7f3a", logs);
        Assert.DoesNotContain("secret-query-9c1d", logs);
    }

    [Fact]
    public async Task FirstStartOnAnEmptyDatabaseExplainsHowToBegin()
    {
        await app.CreateClient().GetAsync("/health");
        var logs = string.Join('\n', app.Logs);
        Assert.Contains("POST", logs);
        Assert.Contains("/api/accounts", logs);
        Assert.Contains("/swagger", logs);
    }
}
