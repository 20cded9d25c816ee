namespace ContentHelper.Tests.Platform;

/// <summary>The README is where a newcomer starts: it must name what the code has and what running it needs.</summary>
public sealed class ReadmeTests
{
    static readonly string Root = FindRoot();
    static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md"));

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ContentHelper.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ContentHelper.sln not found above the test binaries.");
    }

    [Fact]
    public void TheLayoutNamesEveryApiFolder()
    {
        var layout = Readme[Readme.IndexOf("## Layout", StringComparison.Ordinal)..];
        var folders = Directory.GetDirectories(Path.Combine(Root, "api")).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj"));
        foreach (var folder in folders)
            Assert.True(layout.Contains($"  {folder}/", StringComparison.Ordinal), $"the Layout section does not list api/{folder}/");
    }

    [Fact]
    public void TheTestSectionSaysWhatTheCommandInstallsNeedsAndTakes()
    {
        var test = Readme[Readme.IndexOf("## Test", StringComparison.Ordinal)..Readme.IndexOf("## Load the extension", StringComparison.Ordinal)];
        Assert.Contains("apt-get", test);
        Assert.Contains("root or sudo", test);
        Assert.Matches(@"about \d+ minutes on 2 cores", test);
        // The e2e tests start the Release build; running them alone needs that build first.
        Assert.Contains("dotnet build ContentHelper.sln -c Release", test);
    }

    [Fact]
    public void TheRunSectionSaysWhatDotnetRunStartsAndWhereTheDatabaseIs()
    {
        var run = Readme[Readme.IndexOf("## Run the service", StringComparison.Ordinal)..Readme.IndexOf("## Test", StringComparison.Ordinal)];
        Assert.Contains("Debug build", run);
        Assert.Contains("Development", run);
        Assert.Contains("Database: SQLite file", run);
    }
}
