using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ContentHelper.Api.Accounts;
using ContentHelper.Api.Contacts;
using ContentHelper.Api.Data;
using ContentHelper.Shared.Contacts;
using Microsoft.EntityFrameworkCore;

namespace ContentHelper.Benchmarks;

/// <summary>
/// A 10,000-row LinkedIn Connections.csv through the whole import: encoding pass, CSV parse, clean, match, plan,
/// one SaveChanges into a SQLite file, and the JSON preview the API would send back. Each iteration starts from a
/// fresh database (Monitoring: one cold-ish run per iteration, which is what a user's import is).
/// Run: dotnet run -c Release --project tests/ContentHelper.Benchmarks -- --filter '*ImportBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ImportBenchmarks
{
    const int Rows = 10_000;
    static readonly string[] Titles = ["Technical Recruiter", "Staff Software Engineer", "Head of Data, AI & Analytics", "Product Manager", "Founder & CEO", "Sales Director", "Climate Investor", "Designer"];
    static readonly string[] Companies = ["Northwind, Inc.", "Contoso", "Fabrikam", "Litware", "Adatum", "Tailspin Toys", "Société Générale", "Wide World Importers"];

    byte[] file = [];
    string dbPath = "";
    Guid accountId;

    public static byte[] LinkedInFile(int rows)
    {
        var sb = new StringBuilder("Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\n");
        sb.Append("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n");
        var random = new Random(42);
        for (var i = 0; i < rows; i++)
        {
            var email = i % 10 == 0 ? $"person{i}@example.com" : "";
            var date = new DateOnly(2015, 1, 1).AddDays(random.Next(3650));
            sb.Append($"Person{i},Surname{i % 997},https://www.linkedin.com/in/person-{i}-{i * 7919 % 100000:x},{email},\"{Companies[i % Companies.Length]}\",\"{Titles[random.Next(Titles.Length)]}\",{date:dd MMM yyyy}\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [GlobalSetup]
    public void Setup() => file = LinkedInFile(Rows);

    [IterationSetup(Targets = [nameof(FirstImport), nameof(DryRunPreview)])]
    public void FreshDatabase() => NewDatabase();

    [IterationSetup(Target = nameof(Reimport))]
    public void DatabaseWithTheFileImported()
    {
        NewDatabase();
        Run(dryRun: false).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "10,000-row LinkedIn import into an empty account")]
    public Task<int> FirstImport() => Run(dryRun: false);

    [Benchmark(Description = "the same file again (all unchanged)")]
    public Task<int> Reimport() => Run(dryRun: false);

    [Benchmark(Description = "dry-run preview of the file")]
    public Task<int> DryRunPreview() => Run(dryRun: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        // BenchmarkDotNet reports allocations, not the high-water mark; the process's peak working set is printed
        // here (one process per benchmark) and copied into docs/import.md.
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// PeakWorkingSet: {process.PeakWorkingSet64 / (1024 * 1024)} MB (process, all iterations)");
        TryDelete();
    }

    async Task<int> Run(bool dryRun)
    {
        await using var db = Open();
        using var stream = new MemoryStream(file, writable: false);
        var source = (await ImportSource.OpenAsync(stream, default))!;
        using var csv = ContactCsvReader.Open(source)!;
        var importer = new ContactImporter(db, new ContactsOptions(), new ImportOptions(), TimeProvider.System);
        var response = (await importer.ImportAsync(accountId, csv.Format, source.EncodingName, "Connections.csv", csv.Rows(), dryRun, default))!;
        // The answer is part of the cost: 10,000 rows of preview are serialised for the extension.
        await using var sink = Stream.Null;
        await JsonSerializer.SerializeAsync(sink, response, JsonSerializerOptions.Web);
        return response.Counts.Created + response.Counts.Updated + response.Counts.Unchanged;
    }

    void NewDatabase()
    {
        TryDelete();
        dbPath = Path.Combine(Path.GetTempPath(), $"import-bench-{Guid.NewGuid():N}.db");
        using var db = Open();
        db.Database.Migrate();
        var account = new Account { Name = "Bench", CreatedAt = DateTime.UtcNow };
        db.Accounts.Add(account);
        db.SaveChanges();
        accountId = account.Id;
    }

    SqliteAppDb Open() => new(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite($"Data Source={dbPath};Pooling=False").Options);

    void TryDelete()
    {
        if (dbPath.Length > 0 && File.Exists(dbPath)) File.Delete(dbPath);
    }
}
