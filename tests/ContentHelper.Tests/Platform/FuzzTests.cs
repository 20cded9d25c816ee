using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ContentHelper.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// A seeded, bounded hostile-input suite: malformed and mistyped JSON on every JSON route, hostile pages for the
/// parser and the suggestions call, hostile contact files for the import. Each case is its own named test; each must
/// be answered within <see cref="Budget"/> and never with a 500 (a 503 past a time budget, with Retry-After, is an
/// answer). The seed is 13 unless CONTENTHELPER_FUZZ_SEED says otherwise; a failure names the seed to replay it.
/// </summary>
public sealed class FuzzTests(FuzzTests.Server server, ITestOutputHelper output) : IClassFixture<FuzzTests.Server>
{
    static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CONTENTHELPER_FUZZ_SEED"), out var seed) ? seed : 13;
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    /// <summary>One app for every case: the cases do not depend on each other's data, and a fresh app for each would
    /// cost more than the cases. The body limit is above the 8 MB page so that the parser, not the limit, meets it.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public ContentHelperApp App { get; } = new(new()
        {
            ["Limits:MaxBodyBytes"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:TokenRequestsPerMinute"] = "0",
            ["Limits:TokenExpensiveRequestsPerMinute"] = "0",
        });
        public HttpClient Client { get; private set; } = null!;
        public async Task InitializeAsync() => Client = await App.SignUpAsync("Fuzz");
        public Task DisposeAsync() { App.Dispose(); return Task.CompletedTask; }
    }

    public static TheoryData<string> Cases => [.. All.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileInputIsAnsweredWithoutA500WithinTheBudget(string name)
    {
        var index = All.Keys.ToList().IndexOf(name);
        using var request = All[name](new Random(Seed * 7919 + index));
        request.Headers.Authorization = server.Client.DefaultRequestHeaders.Authorization;
        using var client = server.App.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var timeout = new CancellationTokenSource(Budget);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{name} (seed {Seed}): no answer within {Budget.TotalSeconds} s");
            return;
        }
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var summary = $"{name} (seed {Seed}) → {status} in {clock.ElapsedMilliseconds} ms: {(body.Length > 400 ? body[..400] : body)}";
        output.WriteLine(summary);
        Assert.True(status < 500 || (status == 503 && response.Headers.RetryAfter is not null), summary);
        if (status >= 400) Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", summary);
    }

    static readonly Dictionary<string, Func<Random, HttpRequestMessage>> All = Build();

    static Dictionary<string, Func<Random, HttpRequestMessage>> Build()
    {
        var cases = new Dictionary<string, Func<Random, HttpRequestMessage>>();
        var someone = Guid.NewGuid();
        // A valid body per JSON route; the mutations below break it in one way each.
        (string Method, string Path, string Body)[] routes =
        [
            ("POST", "/api/accounts", """{"name":"Ana"}"""),
            ("PUT", "/api/me", """{"name":"Ana","interests":["carbon capture"]}"""),
            ("POST", "/api/tokens", """{"name":"laptop"}"""),
            ("POST", "/api/contacts", """{"name":"Ana Ruiz","email":"ana@example.com","interests":["carbon capture"],"tags":["climate"],"keepInTouchDays":30,"circle":"peer","lastContactedAt":"2025-01-01T00:00:00Z"}"""),
            ("POST", $"/api/contacts/{someone}/merge", $$"""{"otherIds":["{{Guid.NewGuid()}}"]}"""),
            ("POST", $"/api/contacts/{someone}/interests/accept", """{"interests":["carbon capture"]}"""),
            ("POST", "/api/shares", $$"""{"contactIds":["{{someone}}"],"url":"https://example.com/a","action":"send","channel":"email","idempotencyKey":"fuzz-key-0001"}"""),
            ("POST", "/api/articles/parse", """{"url":"https://example.com/a","html":"<p>Carbon capture in Norway.</p>"}"""),
            ("POST", "/api/suggestions", """{"url":"https://example.com/a","html":"<p>Carbon capture in Norway.</p>","limit":5}"""),
            ("POST", "/api/suggestions/dismiss", $$"""{"contactId":"{{someone}}","url":"https://example.com/a"}"""),
        ];
        foreach (var (method, path, valid) in routes)
        {
            var route = $"{method} {path.Replace(someone.ToString(), "{id}")}";
            cases[$"json/truncated {route}"] = r => Json(method, path, Encoding.UTF8.GetBytes(valid[..r.Next(1, valid.Length - 1)]));
            cases[$"json/wrong types {route}"] = r => Json(method, path, Encoding.UTF8.GetBytes(Mutate(valid, r, WrongType)));
            cases[$"json/huge strings {route}"] = r => Json(method, path, Encoding.UTF8.GetBytes(Mutate(valid, r, (node, rand) => node is JsonValue v && v.TryGetValue<string>(out _) ? RandomText(rand, 300_000) : node)));
            cases[$"json/nul and controls {route}"] = r => Json(method, path, Encoding.UTF8.GetBytes(Mutate(valid, r, (node, _) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s + "\0\u0001\u202E\uFEFF\u0000" : node)));
            cases[$"json/invalid utf-8 {route}"] = r => Json(method, path, InvalidUtf8(valid, r));
            cases[$"json/50,000 nested arrays {route}"] = _ => Json(method, path, Encoding.UTF8.GetBytes($$"""{"name":{{new string('[', 50_000)}}{{new string(']', 50_000)}}}"""));
            cases[$"json/not an object {route}"] = r => Json(method, path, Encoding.UTF8.GetBytes(new[] { "[]", "\"text\"", "42", "null", "1e400", "{\"name\":NaN}", "{\"a\":1,}" }[r.Next(7)]));
        }

        // Hostile pages, each to the parser and to the suggestions call.
        (string Name, Func<Random, string> Page)[] pages =
        [
            ("50,000-deep nesting of eight tags", _ => Nest(50_000, ["div", "span", "section", "em", "blockquote", "ul", "li", "p"])),
            ("50,000-deep tables", _ => string.Concat(Enumerable.Repeat("<table><tr><td>", 50_000))),
            ("200,000 sibling paragraphs", _ => "<article>" + string.Concat(Enumerable.Range(0, 200_000).Select(i => $"<p>w{i}</p>")) + "</article>"),
            ("8 MB of text", r => "<article><p>" + RandomWords(r, 8_000_000) + "</p></article>"),
            ("NUL bytes throughout", r => string.Concat(RandomWords(r, 500_000).Select((c, i) => i % 7 == 0 ? "\0" : c.ToString()))),
            ("a 4 MB attribute", r => $"<div data-x=\"{RandomWords(r, 4_000_000)}\"><p>text</p></div>"),
            ("100,000 attributes on one element", _ => "<div " + string.Join(' ', Enumerable.Range(0, 100_000).Select(i => $"a{i}=\"{i}\"")) + "><p>text</p></div>"),
            ("20,000 unclosed links and an unclosed comment", _ => string.Concat(Enumerable.Repeat("<div><p><a href='https://e.example/", 20_000)) + "<!--"),
        ];
        foreach (var (name, page) in pages)
        {
            cases[$"page/{name} → parse"] = r => JsonBody("POST", "/api/articles/parse", new JsonObject { ["url"] = "https://example.com/hostile", ["html"] = page(r) });
            cases[$"page/{name} → suggestions"] = r => JsonBody("POST", "/api/suggestions", new JsonObject { ["url"] = "https://example.com/hostile", ["html"] = page(r), ["limit"] = 50 });
        }

        // Hostile contact files; every other one previewed only.
        (string Name, Func<Random, byte[]> File)[] files =
        [
            ("256 KB of random bytes", r => RandomBytes(r, 256 * 1024)),
            ("a LinkedIn header, then random bytes", r => [.. Encoding.UTF8.GetBytes(LinkedInHeader), .. RandomBytes(r, 256 * 1024)]),
            ("UTF-16 LE with BOM", _ => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Csv(1000))]),
            ("UTF-16 BE with BOM", _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Csv(1000))]),
            ("UTF-16 LE without BOM", _ => Encoding.Unicode.GetBytes(Csv(1000))),
            ("a vCard value folded over 10,000 lines", _ => Encoding.UTF8.GetBytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana" + string.Concat(Enumerable.Repeat("\r\n  Ruiz", 10_000)) + "\r\nEND:VCARD\r\n")),
            ("10,000 folded vCards", _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person\r\n  {i}\r\nNOTE:a\r\n b\r\n c\r\nEND:VCARD\r\n")))),
            ("quoted-printable runs", r => Encoding.UTF8.GetBytes("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:" + string.Concat(Enumerable.Range(0, 100_000).Select(_ => new[] { "=41", "=\r\n", "=ZZ", "=C3=A9", "=", "==" }[r.Next(6)])) + "\r\nEND:VCARD\r\n")),
            ("10,000 vCards never ended", _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("BEGIN:VCARD\r\nFN:Open\r\n", 10_000)))),
            ("an unterminated quote over 1 MB", r => Encoding.UTF8.GetBytes(LinkedInHeader + "\"Ana," + RandomWords(r, 1_000_000))),
            ("20,000 columns", _ => Encoding.UTF8.GetBytes(LinkedInHeader.TrimEnd('\n') + string.Concat(Enumerable.Range(0, 20_000).Select(i => $",c{i}")) + "\nAna,Ruiz" + new string(',', 20_000) + "\n")),
            ("200,000 blank lines", _ => Encoding.UTF8.GetBytes(LinkedInHeader + new string('\n', 200_000) + "Ana,Ruiz,,,,,\n")),
            ("invalid UTF-8 and NUL bytes in cells", r => [.. Encoding.UTF8.GetBytes(Csv(10)), .. Enumerable.Range(0, 2000).SelectMany(_ => new byte[] { 0xFF, 0xC0, 0xAF, 0x00, (byte)',', 0xED, 0xA0, 0x80, (byte)'\n' }).Select(b => r.Next(10) == 0 ? (byte)'"' : b)]),
            ("a 5 MB cell", r => Encoding.UTF8.GetBytes(LinkedInHeader + "Ana,Ruiz,,,," + RandomWords(r, 5_000_000) + ",\n")),
        ];
        foreach (var (index, (name, file)) in files.Index())
        {
            var dryRun = index % 2 == 1;
            cases[$"file/{name}{(dryRun ? " (preview)" : "")}"] = r =>
            {
                var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(file(r));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "file", "contacts.csv");
                return new HttpRequestMessage(HttpMethod.Post, "/api/contacts/import" + (dryRun ? "?dryRun=true" : "")) { Content = form };
            };
        }
        return cases;
    }

    static HttpRequestMessage Json(string method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
    }

    static HttpRequestMessage JsonBody(string method, string path, JsonObject body) => Json(method, path, Encoding.UTF8.GetBytes(body.ToJsonString()));

    /// <summary>Every value of the body passed through <paramref name="change"/>.</summary>
    static string Mutate(string valid, Random random, Func<JsonNode?, Random, JsonNode?> change)
    {
        var root = JsonNode.Parse(valid)!.AsObject();
        foreach (var key in root.Select(p => p.Key).ToList())
        {
            var value = root[key];
            root[key] = value is JsonArray array
                ? change(array, random) is var changed && changed == array ? new JsonArray([.. array.Select(item => change(item?.DeepClone(), random))]) : changed
                : change(value?.DeepClone(), random);
        }
        return root.ToJsonString();
    }

    /// <summary>A value of another JSON type than the one given.</summary>
    static JsonNode? WrongType(JsonNode? node, Random random)
    {
        JsonNode?[] others = [JsonValue.Create(-2147483649L), JsonValue.Create(true), new JsonArray(1, 2), new JsonObject { ["x"] = 1 }, JsonValue.Create("not-a-thing"), JsonValue.Create(1.5)];
        var kind = node?.GetValueKind();
        var candidates = others.Where(o => o?.GetValueKind() != kind).ToArray();
        return candidates[random.Next(candidates.Length)];
    }

    /// <summary>The valid body with bytes that are never UTF-8 put inside its first string value.</summary>
    static byte[] InvalidUtf8(string valid, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        var at = valid.IndexOf(":\"", StringComparison.Ordinal) + 2;
        byte[][] invalid = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
        bytes.InsertRange(at, invalid[random.Next(invalid.Length)]);
        return [.. bytes];
    }

    static string Nest(int depth, string[] tags)
    {
        var html = new StringBuilder("<!doctype html><html><body>");
        for (var i = 0; i < depth; i++) html.Append('<').Append(tags[i % tags.Length]).Append('>');
        html.Append("deep text");
        for (var i = depth - 1; i >= 0; i--) html.Append("</").Append(tags[i % tags.Length]).Append('>');
        return html.Append("</body></html>").ToString();
    }

    static readonly string[] Words = ["carbon", "capture", "the", "of", "storage", "Norway", "a", "tonnes", "policy", "energy"];

    static string RandomWords(Random random, int chars)
    {
        var text = new StringBuilder(chars + 16);
        while (text.Length < chars) text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ". " : " ");
        return text.ToString(0, chars);
    }

    /// <summary>Any Unicode text, surrogate pairs, combining marks and right-to-left marks included (never a lone surrogate).</summary>
    static string RandomText(Random random, int chars)
    {
        var text = new StringBuilder(chars + 2);
        while (text.Length < chars)
        {
            var code = random.Next(4) switch { 0 => random.Next(0x20, 0x7F), 1 => random.Next(0x300, 0x370), 2 => random.Next(0x1F300, 0x1F600), _ => random.Next(0x590, 0x700) };
            text.Append(char.ConvertFromUtf32(code));
        }
        return text.ToString();
    }

    static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    const string LinkedInHeader = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    static string Csv(int rows)
    {
        var csv = new StringBuilder(LinkedInHeader);
        for (var i = 0; i < rows; i++) csv.Append($"Zoë,Müller{i},https://www.linkedin.com/in/zm-{i},zm{i}@example.com,Café Ltd,Head of Ürban Design,1 Feb 2024\n");
        return csv.ToString();
    }
}
