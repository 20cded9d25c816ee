using System.Net;
using System.Text.RegularExpressions;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>
/// A browser as far as sign-in needs one: cookies, redirects followed, forms read from the page and submitted. The
/// pages it meets (the account pages, the test provider's form) are plain HTML forms.
/// </summary>
public sealed partial class Browser : IDisposable
{
    readonly HttpClient http;

    public Browser()
    {
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public sealed record Page(HttpStatusCode Status, Uri Url, string Html)
    {
        /// <summary>The page's text as a reader sees it: tags gone, white space collapsed.</summary>
        public string Text => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(Html, "")), " ");
    }

    public async Task<Page> OpenAsync(Uri url) => await Read(await http.GetAsync(url));

    /// <summary>Submits the page's form whose action contains <paramref name="action"/> (the first form when null), with its hidden fields and <paramref name="fields"/>.</summary>
    public async Task<Page> SubmitAsync(Page page, string? action = null, Dictionary<string, string>? fields = null)
    {
        var form = Forms().Matches(page.Html).FirstOrDefault(f => action is null || WebUtility.HtmlDecode(f.Groups["action"].Value).Contains(action, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No form{(action is null ? "" : $" posting to {action}")} on {page.Url}:\n{page.Html}");
        var values = Inputs().Matches(form.Groups["body"].Value)
            .Where(i => i.Groups["type"].Value == "hidden")
            .ToDictionary(i => WebUtility.HtmlDecode(i.Groups["name"].Value), i => WebUtility.HtmlDecode(i.Groups["value"].Value));
        foreach (var (name, value) in fields ?? []) values[name] = value;
        var target = new Uri(page.Url, WebUtility.HtmlDecode(form.Groups["action"].Value));
        return await Read(await http.PostAsync(target, new FormUrlEncodedContent(values)));
    }

    static async Task<Page> Read(HttpResponseMessage response) =>
        new(response.StatusCode, response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());

    [GeneratedRegex("""<form[^>]*action="?(?<action>[^" >]+)"?[^>]*>(?<body>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("""<input type=(?<type>\w+) name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex Inputs();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public void Dispose() => http.Dispose();
}
