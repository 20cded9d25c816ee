using System.Text.Json;

namespace ContentHelper.Api.Articles;

/// <summary>The first JSON-LD object of an article type on the page, with the graph it came from.</summary>
internal sealed class JsonLdArticle
{
    static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    };

    static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public string? Headline, Name, Authors, DatePublished, DateCreated, Description, SiteName, Language, Url;
    public List<string> Keywords { get; } = [];
    public List<string> Images { get; } = [];

    // When the page gives both name and headline, the one closer to <title> is the article's title.
    public string? Title(string? documentTitle)
    {
        if (Headline is null || Name is null || Headline == Name || documentTitle is null)
        {
            return MetadataReader.First(Headline, Name);
        }
        return ContentExtractor.TextSimilarity(Name, documentTitle) > ContentExtractor.TextSimilarity(Headline, documentTitle)
            ? Name
            : Headline;
    }

    public static JsonLdArticle? Find(List<string> scripts, CancellationToken ct)
    {
        foreach (var script in scripts)
        {
            ct.ThrowIfCancellationRequested();
            var json = script.Trim();
            // <script type="application/ld+json">//<![CDATA[ {…} //]]></script>
            json = json.Replace("<![CDATA[", "").Replace("]]>", "").Trim().TrimStart('/').Trim();
            if (json.EndsWith("//", StringComparison.Ordinal))
            {
                json = json[..^2];
            }
            try
            {
                using var doc = JsonDocument.Parse(json, JsonOptions);
                var nodes = new List<JsonElement>();
                Flatten(doc.RootElement, nodes);
                var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var node in nodes)
                {
                    if (Str(node, "@id") is { } id)
                    {
                        byId.TryAdd(id, node);
                    }
                }
                foreach (var node in nodes)
                {
                    if (HasArticleType(node))
                    {
                        return From(node, nodes, byId);
                    }
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common (unescaped quotes, trailing garbage); the other sources remain.
            }
        }
        return null;
    }

    // [ {…}, {…} ] and { "@graph": [ … ] } both hold several top-level things.
    private static void Flatten(JsonElement element, List<JsonElement> nodes)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, nodes);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            nodes.Add(element);
            if (element.TryGetProperty("@graph", out var graph))
            {
                Flatten(graph, nodes);
            }
        }
    }

    private static bool HasArticleType(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            return false;
        }
        return type.ValueKind switch
        {
            JsonValueKind.String => ArticleTypes.Contains(type.GetString()!),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && ArticleTypes.Contains(t.GetString()!)),
            _ => false,
        };
    }

    private static JsonLdArticle From(JsonElement node, List<JsonElement> graph, Dictionary<string, JsonElement> byId)
    {
        var article = new JsonLdArticle
        {
            Headline = Str(node, "headline"),
            Name = Str(node, "name"),
            DatePublished = Str(node, "datePublished"),
            DateCreated = Str(node, "dateCreated"),
            Description = Str(node, "description"),
            Language = Str(node, "inLanguage"),
            Url = MetadataReader.First(Str(node, "url"), node.TryGetProperty("mainEntityOfPage", out var page)
                ? page.ValueKind == JsonValueKind.String ? page.GetString() : Str(page, "@id")
                : null),
        };
        // "author": "Ana" | {"name": "Ana"} | [{"name": "Ana"}, {"name": "Ben"}] | {"@id": "#ana"}
        if (node.TryGetProperty("author", out var author))
        {
            var names = Items(author).Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : Str(Resolve(a, byId), "name"))
                .Select(MetadataReader.Clean).OfType<string>().Distinct().ToList();
            article.Authors = names.Count > 0 ? string.Join(", ", names) : null;
        }
        if (node.TryGetProperty("publisher", out var publisher))
        {
            article.SiteName = Items(publisher).Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : Str(Resolve(p, byId), "name"))
                .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        }
        article.SiteName ??= graph.Where(n => Str(n, "@type") == "WebSite").Select(n => Str(n, "name")).FirstOrDefault(n => n is not null);
        // "keywords": "a, b" | ["a", "b"];  "about": [{"name": "Topic"}] | "Topic"
        if (node.TryGetProperty("keywords", out var keywords))
        {
            foreach (var k in Items(keywords))
            {
                if (k.ValueKind == JsonValueKind.String)
                {
                    article.Keywords.AddRange(k.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        if (node.TryGetProperty("about", out var about))
        {
            article.Keywords.AddRange(Items(about)
                .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : Str(Resolve(a, byId), "name"))
                .OfType<string>());
        }
        // "image": "u" | ["u1", "u2"] | {"url": "u"} | [{"@type": "ImageObject", "url": "u"}]
        if (node.TryGetProperty("image", out var image))
        {
            article.Images.AddRange(Items(image)
                .Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : MetadataReader.First(Str(Resolve(i, byId), "url"), Str(Resolve(i, byId), "contentUrl")))
                .OfType<string>());
        }
        return article;
    }

    private static IEnumerable<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    private static JsonElement Resolve(JsonElement value, Dictionary<string, JsonElement> byId) =>
        value.ValueKind == JsonValueKind.Object && Str(value, "@id") is { } id && !value.TryGetProperty("name", out _)
            && byId.TryGetValue(id, out var target)
            ? target
            : value;

    private static string? Str(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).FirstOrDefault(),
            _ => null,
        };
    }
}
