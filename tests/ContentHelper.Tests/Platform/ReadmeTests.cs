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
        var test = Section("## Test", "## Load the extension");
        Assert.Contains("apt-get", test);
        Assert.Contains("root or sudo", test);
        Assert.Matches(@"about \d+ minutes on 2 cores", test);
        // The e2e tests start the Release build; running them alone needs that build first.
        Assert.Contains("dotnet build ContentHelper.sln -c Release", test);
    }

    [Fact]
    public void TheRunSectionSaysWhatDotnetRunStartsAndWhereTheDatabaseIs()
    {
        var run = Section("## Run the service", "## Test");
        Assert.Contains("Debug build", run);
        Assert.Contains("Development", run);
        Assert.Contains("Database: SQLite file", run);
    }

    [Fact]
    public void TheRunSectionNamesThePrerequisitesTheFirstRestoreAndAnotherPort()
    {
        var run = Section("## Run the service", "## Test");
        Assert.Contains(".NET 10 SDK", run);
        Assert.Contains("first `dotnet run` restores", run);
        Assert.Matches(@"\d+ s on the 2-core", run.ReplaceLineEndings(" "));
        Assert.Contains("dotnet run --project api -- --urls http://", run);
    }

    [Fact]
    public void TheTestSectionSaysWhereEveryResultLands()
    {
        var test = Section("## Test", "## Load the extension");
        // test.sh writes these; the README must name each one.
        var script = File.ReadAllText(Path.Combine(Root, "test.sh"));
        foreach (var (written, named) in new[]
        {
            ("LogFilePrefix=sqlite", "TestResults/sqlite*.trx"), ("LogFilePrefix=postgres", "TestResults/postgres*.trx"),
            ("$results/e2e.tap", "TestResults/e2e.tap"), ("$results/container.tap", "TestResults/container.tap"),
        })
        {
            Assert.Contains(written, script);
            Assert.Contains(named, test);
        }
        Assert.Contains("tests/e2e/artifacts/", test);
        Assert.Contains("container check", test);
    }

    [Fact]
    public void TheReadmeSaysWhatAnImportDoesToTheKeepInTouchList()
    {
        var load = Section("## Load the extension", "## Configuration");
        Assert.Contains("What an import does to the keep-in-touch list", load);
        Assert.Contains("Contacts:NoCircleCadenceDays", load);
    }

    [Fact]
    public void HostingForATeamTakesComposeTheProviderTheExtensionAndASignInAndEverySettingItNamesIsInTheComposeFiles()
    {
        var team = Section("## Host it for a team", "### Probes, logs and telemetry");
        Assert.Contains("docker compose up -d", team);
        Assert.Contains("/signin-oidc", team);
        Assert.Contains("**Install the extension**", team);
        Assert.Contains("**Sign in**", team);

        // Each variable of the README's .env is read by both compose files, as the environment of the service.
        var names = team[team.IndexOf("cat > .env", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .TakeWhile(line => line.Trim() != "ENV")
            .Select(line => line.Trim().Split('=')[0]).ToList();
        Assert.Contains("OIDC_AUTHORITY", names);
        foreach (var file in new[] { "compose.yaml", "compose.postgres.yaml" })
        {
            var compose = File.ReadAllText(Path.Combine(Root, file));
            foreach (var name in names)
                Assert.True(compose.Contains("${" + name, StringComparison.Ordinal) || (file == "compose.postgres.yaml" && name == "BEHIND_PROXY"),
                    $"{file} does not read {name} from the .env the README writes");
        }
    }

    static string Section(string from, string to) =>
        Readme[Readme.IndexOf(from, StringComparison.Ordinal)..Readme.IndexOf(to, StringComparison.Ordinal)];
}
