using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ContentHelper.Tests.Infrastructure;

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Options)!;
    }

    public static Task<HttpResponseMessage> Post<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> Put<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, Options);

    /// <summary>Asserts an RFC 9457 problem with this status and returns it.</summary>
    public static async Task<ProblemDetails> Problem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Read<ProblemDetails>(expected);
    }

    /// <summary>Asserts a 400 ValidationProblem that names each of these fields.</summary>
    public static async Task<HttpValidationProblemDetails> ValidationProblem(this HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Read<HttpValidationProblemDetails>(HttpStatusCode.BadRequest);
        foreach (var field in fields)
            Assert.True(problem.Errors.ContainsKey(field), $"No error for '{field}'; errors: {string.Join(", ", problem.Errors.Keys)}");
        return problem;
    }
}
