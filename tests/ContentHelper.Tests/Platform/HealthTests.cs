using System.Text.Json;
using ContentHelper.Tests.Infrastructure;

namespace ContentHelper.Tests.Platform;

/// <summary>/health answers anyone: the state in words; what is behind it (the embedding backlog) only when switched on.</summary>
[Trait("Storage", "Portable")]
public sealed class HealthTests
{
    [Fact]
    public async Task AnonymousHealthSaysOnlyTheStateInWordsAndTheDetailNeedsTheSetting()
    {
        using var quiet = new ContentHelperApp(withModel: true);
        using var detailed = new ContentHelperApp(new() { ["Health:ShowDetails"] = "true" }, withModel: true);

        using var answer = JsonDocument.Parse(await (await quiet.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync());
        var matching = answer.RootElement.GetProperty("checks").GetProperty("matching");
        Assert.Equal("Healthy", matching.GetProperty("status").GetString());
        Assert.Equal("Semantic and lexical matching.", matching.GetProperty("description").GetString());
        Assert.DoesNotContain("pendingPhrases", answer.RootElement.GetRawText());
        Assert.False(matching.TryGetProperty("data", out _), answer.RootElement.GetRawText());

        using var detail = JsonDocument.Parse(await (await detailed.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync());
        var data = detail.RootElement.GetProperty("checks").GetProperty("matching").GetProperty("data");
        Assert.Equal("Ready", data.GetProperty("model").GetString());
        Assert.Equal(0, data.GetProperty("pendingPhrases").GetInt32());
    }
}
