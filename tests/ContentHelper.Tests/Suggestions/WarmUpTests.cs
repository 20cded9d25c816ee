using System.Diagnostics;
using System.Net;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Suggestions;

/// <summary>
/// Right after a start the embedding model is still loading. The model file here is a named pipe nobody writes to
/// yet, so the real loader waits on it as it would on a slow disk, for as long as the test needs.
/// </summary>
public sealed class WarmUpTests : IDisposable
{
    readonly string modelDirectory = Directory.CreateTempSubdirectory("contenthelper-model-").FullName;
    readonly ContentHelperApp app;
    bool released;

    public WarmUpTests()
    {
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(modelDirectory, "model.onnx")))
            mkfifo.WaitForExit();
        app = new ContentHelperApp(new()
        {
            ["Matching:UseEmbeddings"] = "true",
            ["Matching:ModelDirectory"] = modelDirectory,
        });
    }

    public void Dispose()
    {
        ReleaseEmptyModel();
        app.Dispose();
        Directory.Delete(modelDirectory, recursive: true);
    }

    /// <summary>Ends the loader's wait with an empty file: the model fails to load, as a corrupt download would.</summary>
    void ReleaseEmptyModel()
    {
        if (released) return;
        released = true;
        // Opening a pipe for writing waits for its reader, which the loader is; the bound only guards a broken start.
        var open = Task.Run(() => new FileStream(Path.Combine(modelDirectory, "model.onnx"), FileMode.Open, FileAccess.Write).Dispose());
        open.Wait(TimeSpan.FromSeconds(10));
    }

    static async Task<SuggestionsResponse> Suggest(HttpClient client) =>
        await (await client.Post("/api/suggestions", new SuggestionsRequest { Url = Pages.CarbonUrl, Html = Pages.Carbon() }))
            .Read<SuggestionsResponse>();

    [Fact]
    public async Task WhileTheModelLoadsSuggestionsAreLexicalAndSaySoAndAfterAFailedLoadTheyStayLexical()
    {
        var client = await app.SignUpAsync();
        var ben = await (await client.Post("/api/contacts", new ContactRequest { Name = "Ben Carter", Interests = ["carbon capture"] }))
            .Read<ContactResponse>(HttpStatusCode.Created);

        var warming = await Suggest(client);
        Assert.Equal(MatchingMode.WarmingUp, warming.Matching);
        var suggestion = Assert.Single(warming.Suggestions);
        Assert.Equal(ben.Id, suggestion.Contact.Id);
        Assert.All(suggestion.Reasons, r => Assert.Equal("lexical", r.Kind));

        ReleaseEmptyModel();
        SuggestionsResponse after = warming;
        for (var attempt = 0; attempt < 100 && after.Matching == MatchingMode.WarmingUp; attempt++)
        {
            await Task.Delay(50);
            after = await Suggest(client);
        }
        Assert.Equal(MatchingMode.Lexical, after.Matching);
        Assert.Equal(ben.Id, Assert.Single(after.Suggestions).Contact.Id);
    }
}
