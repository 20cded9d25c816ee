using System.Net;

namespace ContentHelper.Tests.Suggestions;

/// <summary>Article pages as a browser would send them, written for these tests.</summary>
static class Pages
{
    public const string CarbonUrl = "https://ledger.example.com/climate/longship-million-tonnes";

    public const string CarbonTitle = "Norway's Longship carbon store passes its first million tonnes";

    public static readonly string[] CarbonParagraphs =
    [
        "The Northern Lights project off the Norwegian coast has injected its first million tonnes of carbon dioxide into rock formations beneath the North Sea, operators said on Tuesday, a milestone for carbon capture and storage in Europe.",
        "The CO2 comes from a cement works at Brevik and a waste-to-energy plant in Oslo, where it is captured from flue gases, liquefied and shipped to a terminal near Bergen before being piped 100 kilometres offshore.",
        "Supporters say the scheme proves that industrial emitters which cannot electrify, such as cement and steel, have a route to cut emissions. Critics argue the costs remain far higher than renewable electricity backed by energy storage.",
        "Investors are watching closely: several energy storage and clean-tech funds have backed similar projects in the Netherlands and Denmark, and the European Commission wants 50 million tonnes of annual storage capacity by 2030.",
        "Equinor, Shell and TotalEnergies, the partners, plan to expand capacity to five million tonnes a year by 2028 and have signed agreements with emitters in Germany and Sweden.",
    ];

    public static string Carbon(string? title = null, string canonical = CarbonUrl, string extraHead = "") =>
        Article(title ?? CarbonTitle, CarbonParagraphs, canonical, extraHead);

    public static string Article(string title, IEnumerable<string> paragraphs, string? canonical = null, string extraHead = "") => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} | The Ledger</title>
        <meta property="og:site_name" content="The Ledger">
        {(canonical is null ? "" : $"<link rel=\"canonical\" href=\"{canonical}\">")}
        {extraHead}
        </head><body>
        <header><nav><a href="/">Home</a> <a href="/climate">Climate</a> <a href="/sport">Sport</a> <a href="/login">Sign in</a></nav></header>
        <main><article><h1>{WebUtility.HtmlEncode(title)}</h1><p class="byline">By Kari Nordmann</p>
        {string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>\n"))}
        </article>
        <aside><h2>Most read</h2><ul><li><a href="/a">Ten things to do this weekend</a></li><li><a href="/b">Recipe: lentil soup</a></li></ul></aside></main>
        <footer><p>© The Ledger. All rights reserved.</p></footer></body></html>
        """;

    public static readonly string[] FootballParagraphs =
    [
        "Arsenal moved three points clear at the top of the Premier League with a 2-0 win over Chelsea at the Emirates on Saturday evening.",
        "Bukayo Saka opened the scoring after twenty minutes with a curling shot into the far corner, and Martin Odegaard added a second from the penalty spot shortly after half-time.",
        "Chelsea, who had won their previous four league games, rarely threatened, and their manager conceded afterwards that his side had been second best in every department.",
        "The result leaves Arsenal unbeaten at home this season, with Liverpool and Manchester City both dropping points earlier in the day.",
    ];
}
