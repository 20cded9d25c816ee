using System.Net;
using System.Net.Http.Headers;
using ContentHelper.Shared.Common;
using ContentHelper.Shared.Contacts;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Contacts;

/// <summary>Uploading fixture files and reading contacts back, for the import tests.</summary>
public static class Imports
{
    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contacts", "Fixtures", name));

    public static Task<HttpResponseMessage> Upload(this HttpClient client, byte[] bytes, string fileName = "contacts.csv", bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync("/api/contacts/import" + (dryRun ? "?dryRun=true" : ""), form);
    }

    public static async Task<ImportResponse> Import(this HttpClient client, string fixture, bool dryRun = false) =>
        await Applied(await client.Upload(Fixture(fixture), Path.GetFileName(fixture), dryRun), dryRun);

    public static async Task<ImportResponse> ImportText(this HttpClient client, string text, bool dryRun = false) =>
        await Applied(await client.Upload(System.Text.Encoding.UTF8.GetBytes(text), "contacts.csv", dryRun), dryRun);

    /// <summary>A dry run is 200; an import is 201 with its id when it changed something, 200 without one when not.</summary>
    static async Task<ImportResponse> Applied(HttpResponseMessage response, bool dryRun)
    {
        if (dryRun) return await response.Read<ImportResponse>(HttpStatusCode.OK);
        var result = await response.Read<ImportResponse>(response.StatusCode == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.Created);
        Assert.Equal(response.StatusCode == HttpStatusCode.Created, result.ImportId is not null);
        Assert.Equal(result.ImportId is not null, result.Counts.Created + result.Counts.Updated > 0);
        return result;
    }

    public static async Task<List<ContactResponse>> AllContacts(this HttpClient client) =>
        [.. (await (await client.GetAsync("/api/contacts?pageSize=200")).Read<PagedResponse<ContactResponse>>()).Items];

    public static async Task<ContactResponse> Contact(this HttpClient client, string name) =>
        Assert.Single(await client.AllContacts(), c => c.Name == name);

    public static ImportRowResult Row(this ImportResponse response, int line) => Assert.Single(response.Rows, r => r.Line == line);

    public static string? Text(this FieldChange change, bool after = true) => (after ? change.After : change.Before)?.ToString();
}
