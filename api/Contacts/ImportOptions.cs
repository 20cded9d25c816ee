namespace ContentHelper.Api.Contacts;

/// <summary>Bound from the "Import" config section.</summary>
public sealed class ImportOptions
{
    /// <summary>Largest file accepted (10 MB): a LinkedIn export of 30,000 connections is about 3 MB.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most rows (or vCards) in one file; larger files are refused before anything is written.</summary>
    public int MaxRows { get; set; } = 50_000;

    /// <summary>
    /// Contacts written per SaveChanges within an import's one transaction: EF Core keeps an entry and a command per row
    /// until they are saved. A 50,000-row file saved at once took the API to ~920 MB resident; in chunks of 1,000 to
    /// ~480 MB, in no more time (docs/performance.md).
    /// </summary>
    public int SaveChunk { get; set; } = 1_000;

    /// <summary>At most this many interests are suggested per contact, so a long note cannot flood the list.</summary>
    public int MaxSuggestedInterests { get; set; } = 6;

    /// <summary>
    /// Words in a job title, company, department, label or note → interests to suggest. A key matches whole words,
    /// ignoring case and accents; a key ending in * matches words that start with it ("recruit*" matches
    /// "Recruiter", "recruitment"). Short keys such as "ai" or "hr" are whole words so that "aid" or "three" never match.
    /// </summary>
    public Dictionary<string, string[]> InterestHints { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["recruit*"] = ["recruiting", "hiring"],
        ["talent"] = ["recruiting", "hiring"],
        ["headhunt*"] = ["recruiting", "hiring"],
        ["human resources"] = ["hr", "people management"],
        ["hr"] = ["hr", "people management"],
        ["people operations"] = ["hr", "people management"],
        ["software"] = ["software engineering"],
        ["engineer*"] = ["engineering"],
        ["developer*"] = ["software engineering"],
        ["programmer*"] = ["software engineering"],
        ["frontend"] = ["web development"],
        ["backend"] = ["software engineering"],
        ["data scien*"] = ["data science", "machine learning"],
        ["data engineer*"] = ["data engineering"],
        ["analytics"] = ["data analytics"],
        ["machine learning"] = ["machine learning", "ai"],
        ["ml"] = ["machine learning", "ai"],
        ["ai"] = ["ai"],
        ["artificial intelligence"] = ["ai"],
        ["product manag*"] = ["product management"],
        ["product owner"] = ["product management"],
        ["designer*"] = ["design"],
        ["ux"] = ["ux", "design"],
        ["user experience"] = ["ux", "design"],
        ["marketing"] = ["marketing"],
        ["growth"] = ["growth marketing"],
        ["brand*"] = ["branding"],
        ["sales"] = ["sales"],
        ["account executive"] = ["sales"],
        ["business development"] = ["sales", "partnerships"],
        ["partnership*"] = ["partnerships"],
        ["founder"] = ["startups", "entrepreneurship"],
        ["co-founder"] = ["startups", "entrepreneurship"],
        ["cofounder"] = ["startups", "entrepreneurship"],
        ["startup*"] = ["startups"],
        ["venture*"] = ["venture capital"],
        ["vc"] = ["venture capital"],
        ["investor*"] = ["investing"],
        ["investment*"] = ["investing"],
        ["cfo"] = ["finance"],
        ["financ*"] = ["finance"],
        ["accountant"] = ["accounting"],
        ["accounting"] = ["accounting"],
        ["climate"] = ["climate"],
        ["sustainab*"] = ["sustainability"],
        ["renewable*"] = ["renewable energy"],
        ["energy"] = ["energy"],
        ["carbon"] = ["carbon capture", "climate"],
        ["security"] = ["cybersecurity"],
        ["cyber*"] = ["cybersecurity"],
        ["cloud"] = ["cloud computing"],
        ["devops"] = ["devops"],
        ["site reliability"] = ["devops"],
        ["health*"] = ["healthcare"],
        ["medical"] = ["healthcare"],
        ["clinical"] = ["healthcare"],
        ["teacher"] = ["education"],
        ["education"] = ["education"],
        ["professor"] = ["academia", "research"],
        ["lecturer"] = ["academia"],
        ["research*"] = ["research"],
        ["journalist"] = ["journalism", "media"],
        ["reporter"] = ["journalism", "media"],
        ["editor"] = ["media"],
        ["lawyer"] = ["law"],
        ["attorney"] = ["law"],
        ["legal"] = ["law"],
        ["counsel"] = ["law"],
        ["open source"] = ["open source"],
        ["blockchain"] = ["blockchain"],
        ["crypto*"] = ["blockchain"],
        ["consultant"] = ["consulting"],
        ["consulting"] = ["consulting"],
        ["supply chain"] = ["supply chain"],
        ["logistics"] = ["supply chain"],
        ["real estate"] = ["real estate"],
        ["policy"] = ["public policy"],
        ["nonprofit"] = ["nonprofits"],
        ["non-profit"] = ["nonprofits"],
        ["remote"] = ["remote work"],
        ["diversity"] = ["diversity and inclusion"],
        ["dei"] = ["diversity and inclusion"],
        ["game"] = ["video games"],
        ["games"] = ["video games"],
        ["gaming"] = ["video games"],
        ["gameplay"] = ["video games"],
        ["mergers"] = ["mergers and acquisitions"],
        ["m&a"] = ["mergers and acquisitions"],
        ["physician"] = ["healthcare"],
        ["nurse"] = ["healthcare"],
        ["psycholog*"] = ["psychology", "mental health"],
    };
}
