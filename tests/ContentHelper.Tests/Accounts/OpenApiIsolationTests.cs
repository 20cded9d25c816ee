using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Accounts;

/// <summary>
/// Walks /openapi/v1.json rather than a list kept by hand, so a route added later is walked too: every templated
/// route and method, every id parameter filled with each id another account owns (whatever kind), ids smuggled in
/// request bodies built from the document's schemas, and id query filters. Each answer must be the one an unknown
/// id gets (404), carry nothing of the owner's, and leave the owner's data exactly as it was.
/// </summary>
[Trait("Storage", "Portable")]
public sealed partial class OpenApiIsolationTests : IDisposable
{
    // No rate limit: the walk sends a few hundred requests with one token.
    readonly ContentHelperApp app = new(new() { ["Limits:TokenRequestsPerMinute"] = "0", ["Limits:TokenExpensiveRequestsPerMinute"] = "0" });
    public void Dispose() => app.Dispose();

    /// <summary>Words that appear only in the owner's data: none may reach the intruder.</summary>
    static readonly string[] OwnerMarkers = ["Zanzibar", "quokka", "owner-only"];

    [Fact]
    public async Task EveryRouteOfTheDocumentAnswersAnotherAccountsIdsAs404AndLeaksNothing()
    {
        var owner = await Populate(app, "Owner Zanzibar", "quokka");
        var intruder = await Populate(app, "Intruder", "kestrel");
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var operations = Operations(document.RootElement).ToList();

        var ownerView = await Snapshot(owner, operations);
        var foreignIds = Ids(ownerView.Values);
        var ownIds = Ids((await Snapshot(intruder, operations)).Values);
        Assert.True(foreignIds.Count >= 6, "the owner should own contacts, a share, an import and tokens: " + string.Join(", ", foreignIds));
        var leaks = foreignIds.Concat(OwnerMarkers).ToList();

        var failures = new List<string>();
        var walked = 0;
        async Task Expect(Operation operation, string path, string? body, IReadOnlyCollection<string> sent, bool listMayAnswer = false)
        {
            walked++;
            var response = await Send(intruder, operation.Method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var leaked = leaks.Where(l => !sent.Contains(l) && text.Contains(l, StringComparison.OrdinalIgnoreCase)).ToList();
            var expected = status == 404 || (listMayAnswer && status == 200);
            if (!expected || leaked.Count > 0)
                failures.Add($"{operation.Method} {path} {body} → {status}{(leaked.Count > 0 ? " leaking " + string.Join(", ", leaked) : "")}: {Cut(text)}");
        }

        foreach (var operation in operations)
        {
            // 1. Each foreign id in every path parameter (an id of the wrong kind must be as unknown as a foreign one).
            if (operation.PathIds.Count > 0)
            {
                foreach (var id in foreignIds.Append(Guid.NewGuid().ToString()))
                    await Expect(operation, operation.Fill(id), operation.Body(Guid.NewGuid().ToString()), [id]);
            }
            // 2. The caller's own ids in the path, a foreign id in the body (merge someone else's contact into mine).
            if (operation.BodyTakesIds)
            {
                foreach (var id in foreignIds)
                    foreach (var own in operation.PathIds.Count > 0 ? ownIds : [""])
                        await Expect(operation, operation.Fill(own), operation.Body(id), [id]);
            }
            // 3. A foreign id as a query filter: an empty answer or 404, never the owner's rows.
            foreach (var filter in operation.QueryIds)
                foreach (var id in foreignIds)
                    await Expect(operation, $"{operation.Path}?{filter}={id}", null, [id], listMayAnswer: true);
            // 4. Every list the intruder can read: none of the owner's rows.
            if (operation is { Method: "GET", PathIds.Count: 0 })
                await Expect(operation, operation.Path, null, [], listMayAnswer: true);
        }

        Assert.True(walked > 100, $"only {walked} requests were walked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {walked} requests broke isolation:\n" + string.Join("\n", failures));
        // Nothing the intruder sent changed anything of the owner's: every list and every item reads the same.
        var after = await Snapshot(owner, operations);
        foreach (var (path, body) in ownerView)
            Assert.True(after.TryGetValue(path, out var now) && now == body, $"{path} changed:\nbefore {Cut(body)}\nafter  {Cut(now ?? "(gone)")}");
    }

    /// <summary>An account with two look-alike contacts, an import with a suggested interest, a share, a dismissal and a second token.</summary>
    static async Task<HttpClient> Populate(ContentHelperApp app, string name, string marker)
    {
        var client = await app.SignUpAsync(name);
        await (await client.Put("/api/me", new { name, interests = new[] { $"{marker} habitats" } })).Read<JsonElement>();
        ContactResponse? first = null;
        foreach (var email in new[] { $"{marker}@example.com", $"{marker}.two@example.com" })
        {
            var contact = await (await client.Post("/api/contacts", new ContactRequest
            {
                Name = $"Pat {marker}", Email = email, Company = $"{marker} Ltd", Interests = [$"{marker} habitats"],
                Notes = marker == "quokka" ? "owner-only notes" : "notes",
            })).Read<ContactResponse>(HttpStatusCode.Created);
            first ??= contact;
        }
        await client.Upload(Encoding.UTF8.GetBytes(
            $"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nLee,{marker},,lee.{marker}@example.com,{marker} Ltd,Head of {marker} Research,1 Feb 2024\n"));
        await (await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [first!.Id], Url = $"https://example.com/{marker}", Title = $"All about {marker}s", Action = ShareAction.Send,
            Channel = Channel.Email, Message = $"A {marker} for you", IdempotencyKey = $"{marker}-share-1",
        })).Read<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Post("/api/suggestions/dismiss", new { contactId = first.Id, url = $"https://example.com/{marker}-later" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Post("/api/tokens", new { name = $"{marker} laptop" })).StatusCode);
        return client;
    }

    /// <summary>What an account sees: every list (GET without a path id), then every item those lists name, by path.</summary>
    static async Task<Dictionary<string, string>> Snapshot(HttpClient client, List<Operation> operations)
    {
        var seen = new Dictionary<string, string>();
        var gets = operations.Where(o => o.Method == "GET").ToList();
        foreach (var list in gets.Where(o => o.PathIds.Count == 0))
            seen[list.Path] = await Ok(client, list.Path);
        foreach (var id in Ids(seen.Values))
            foreach (var item in gets.Where(o => o.PathIds.Count > 0))
            {
                var response = await client.GetAsync(item.Fill(id));
                if (response.IsSuccessStatusCode) seen[item.Fill(id)] = await response.Content.ReadAsStringAsync();
            }
        return seen;
    }

    static async Task<string> Ok(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {text}");
        return text;
    }

    static List<string> Ids(IEnumerable<string> bodies) =>
        [.. bodies.SelectMany(b => Uuid().Matches(b).Select(m => m.Value.ToLowerInvariant())).Distinct().Order()];

    static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    /// <summary>Operations that need a token; POST /api/accounts and DELETE /api/tokens/current (which would end the walk) are left out.</summary>
    static IEnumerable<Operation> Operations(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                if (!op.Value.TryGetProperty("security", out _) || path.Name == "/api/tokens/current") continue;
                var parameters = op.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                bool IsId(JsonElement parameter) => parameter.TryGetProperty("schema", out var s) && s.TryGetProperty("format", out var f) && f.GetString() == "uuid";
                JsonElement? body = op.Value.TryGetProperty("requestBody", out var rb) && rb.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema") : null;
                yield return new Operation(op.Name.ToUpperInvariant(), path.Name,
                    [.. parameters.Where(x => x.GetProperty("in").GetString() == "path" && IsId(x)).Select(x => x.GetProperty("name").GetString()!)],
                    [.. parameters.Where(x => x.GetProperty("in").GetString() == "query" && IsId(x)).Select(x => x.GetProperty("name").GetString()!)],
                    body, schemas);
            }
    }

    sealed record Operation(string Method, string Path, List<string> PathIds, List<string> QueryIds, JsonElement? BodySchema, JsonElement Schemas)
    {
        public string Fill(string id) => PathIds.Aggregate(Path, (path, name) => path.Replace("{" + name + "}", id));

        public bool BodyTakesIds => BodySchema is { } schema && RefersToIds(schema, 0);

        bool RefersToIds(JsonElement schema, int depth) => depth < 5 && (Resolve(schema) is var r && (r.GetRawText().Contains("\"uuid\"")
            || (r.TryGetProperty("properties", out var props) && props.EnumerateObject().Any(p => RefersToIds(p.Value, depth + 1)))));

        /// <summary>A body the route accepts: every required property, and every id property set to <paramref name="id"/>.</summary>
        public string? Body(string id) => BodySchema is { } schema ? Value(schema, id, 0)?.ToJsonString() : null;

        JsonNode? Value(JsonElement schema, string id, int depth)
        {
            schema = Resolve(schema);
            if (schema.TryGetProperty("enum", out var values)) return JsonValue.Create(values[0].GetString());
            var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var types = schema.TryGetProperty("type", out var t)
                ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [t.GetString()]
                : [];
            var minLength = schema.TryGetProperty("minLength", out var ml) ? ml.GetInt32() : 0;
            if (types.Contains("object") || schema.TryGetProperty("properties", out _))
            {
                if (depth > 4) return null;
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
                var node = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var property in properties.EnumerateObject())
                        if (required.Contains(property.Name) || RefersToIds(property.Value, depth + 1))
                            node[property.Name] = Value(property.Value, id, depth + 1);
                return node;
            }
            if (types.Contains("array"))
                return new JsonArray(Value(schema.GetProperty("items"), id, depth + 1));
            if (format == "uuid") return JsonValue.Create(id);
            if (format == "uri") return JsonValue.Create("https://example.com/isolation-probe");
            if (format == "date-time") return JsonValue.Create("2026-01-15T00:00:00Z");
            if (types.Contains("integer")) return JsonValue.Create(schema.TryGetProperty("minimum", out var min) ? min.GetInt32() : 1);
            if (types.Contains("number")) return JsonValue.Create(1.0);
            if (types.Contains("boolean")) return JsonValue.Create(false);
            // A fresh string each time: an idempotency key must never replay an earlier answer.
            return JsonValue.Create(("probe " + Guid.NewGuid().ToString("N")).PadRight(minLength, 'x'));
        }

        /// <summary>Follows $ref, and takes the non-null branch of "oneOf: [null, X]".</summary>
        JsonElement Resolve(JsonElement schema)
        {
            for (var i = 0; i < 5; i++)
            {
                if (schema.TryGetProperty("$ref", out var reference))
                    schema = Schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                else if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
                    schema = oneOf.EnumerateArray().First(s => !(s.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null"));
                else break;
            }
            return schema;
        }
    }
}
