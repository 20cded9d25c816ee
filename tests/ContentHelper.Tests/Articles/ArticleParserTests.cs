using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentHelper.Api.Articles;
using ContentHelper.Shared.Articles;

namespace ContentHelper.Tests.Articles;

public class ArticleParserTests
{
    private const string PageUrl = "https://news.example/2024/05/story.html";

    // Enough prose (≈ 120 words) that a page counts as an article unless a rule says otherwise.
    private const string Prose = """
        <p>The council voted on Tuesday to extend the cycle lane along the river, after a year in which the number of people riding to work doubled, according to its own counts taken at the bridge.</p>
        <p>Shop owners on the high street had asked for the work to wait until after the summer, when trade is busiest, but the council said the contractor could only start in June.</p>
        <p>Residents who spoke at the meeting were divided. Some said the lane had made the school run safer; others complained that deliveries now block the road for most of the morning.</p>
        """;

    // A generous budget: these tests are about what is extracted, not about speed on a busy CI machine (the budget
    // itself has its own test with a 1 ms budget).
    private static readonly ArticleParser Parser = new(new ArticleParserOptions { TimeBudget = TimeSpan.FromSeconds(30) });

    private static Task<Article> Parse(string html, string url = PageUrl, ArticleParserOptions? options = null) =>
        (options is null ? Parser : new ArticleParser(options)).ParseAsync(html, url, CancellationToken.None);

    private static string Page(string head, string body, string lang = "") =>
        $"<!DOCTYPE html><html{lang}><head>{head}</head><body>{body}</body></html>";

    // ---- metadata precedence -------------------------------------------------------------------

    [Fact]
    public async Task JsonLdHeadlineWinsOverOpenGraphTwitterAndTitleElement()
    {
        var article = await Parse(Page("""
            <title>Title element | Site</title>
            <meta property="og:title" content="OpenGraph title">
            <meta name="twitter:title" content="Twitter title">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"JSON-LD headline"}</script>
            """, Prose));
        Assert.Equal("JSON-LD headline", article.Title);
    }

    [Fact]
    public async Task OpenGraphTitleWinsOverTwitterAndDublinCore()
    {
        var article = await Parse(Page("""
            <title>Title element</title>
            <meta name="DC.title" content="Dublin Core title">
            <meta name="twitter:title" content="Twitter title">
            <meta property="og:title" content="OpenGraph title">
            """, Prose));
        Assert.Equal("OpenGraph title", article.Title);
    }

    [Fact]
    public async Task TwitterTitleWinsOverDublinCore()
    {
        var article = await Parse(Page("""
            <meta name="DC.title" content="Dublin Core title">
            <meta name="twitter:title" content="Twitter title">
            """, Prose));
        Assert.Equal("Twitter title", article.Title);
    }

    [Fact]
    public async Task DublinCoreTitleWinsOverMicrodataAndTitleElement()
    {
        var article = await Parse(Page("""<title>Title element</title><meta name="DC.Title" content="Dublin Core title">""",
            """<div itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">Microdata headline</h1></div>""" + Prose));
        Assert.Equal("Dublin Core title", article.Title);
    }

    [Fact]
    public async Task MicrodataHeadlineWinsOverTitleElement()
    {
        var article = await Parse(Page("<title>Title element here</title>",
            """<div itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">Microdata headline</h1></div>""" + Prose));
        Assert.Equal("Microdata headline", article.Title);
    }

    [Fact]
    public async Task JsonLdOfANonArticleTypeIsIgnored()
    {
        var article = await Parse(Page("""
            <meta property="og:title" content="OpenGraph title">
            <script type="application/ld+json">{"@type":"Organization","name":"Acme Corp","headline":"Not an article"}</script>
            """, Prose));
        Assert.Equal("OpenGraph title", article.Title);
    }

    [Fact]
    public async Task BrokenJsonLdFallsBackToMetaTags()
    {
        var article = await Parse(Page("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Unterminated</script>
            <meta name="author" content="Ana Ruiz">
            <meta property="og:title" content="OpenGraph title">
            """, Prose));
        Assert.Equal("OpenGraph title", article.Title);
        Assert.Equal("Ana Ruiz", article.Byline);
    }

    [Fact]
    public async Task JsonLdArticleInsideGraphGivesAuthorsPublisherAndDate()
    {
        var article = await Parse(Page("""
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","@id":"#site","name":"Example Site"},
              {"@type":"Person","@id":"#ana","name":"Ana Ruiz"},
              {"@type":"Organization","@id":"#org","name":"Example Media"},
              {"@type":"BlogPosting","headline":"Graph headline","author":[{"@id":"#ana"},{"@type":"Person","name":"Ben Ode"}],
               "publisher":{"@id":"#org"},"datePublished":"2021-02-03T04:05:06Z"}]}
            </script>
            """, Prose));
        Assert.Equal("Graph headline", article.Title);
        Assert.Equal("Ana Ruiz, Ben Ode", article.Byline);
        Assert.Equal("Example Media", article.SiteName);
        Assert.Equal("2021-02-03T04:05:06Z", article.PublishedTime);
    }

    [Fact]
    public async Task JsonLdAuthorGivenAsPlainStringsIsJoined()
    {
        var article = await Parse(Page("""
            <script type="application/ld+json">[{"@type":"Article","headline":"H","author":["Ana Ruiz","Ben Ode"]}]</script>
            """, Prose));
        Assert.Equal("Ana Ruiz, Ben Ode", article.Byline);
    }

    [Fact]
    public async Task ArticleAuthorThatIsAProfileUrlIsNotAByline()
    {
        var article = await Parse(Page("""
            <meta property="article:author" content="https://facebook.com/ana.ruiz">
            <meta name="author" content="Ana Ruiz">
            """, Prose));
        Assert.Equal("Ana Ruiz", article.Byline);
    }

    [Fact]
    public async Task OpenGraphDescriptionWinsOverMetaDescription()
    {
        var article = await Parse(Page("""
            <meta name="description" content="Plain description">
            <meta property="og:description" content="OpenGraph description">
            """, Prose));
        Assert.Equal("OpenGraph description", article.Excerpt);
    }

    [Fact]
    public async Task ExcerptFallsBackToFirstParagraphOfTheBody()
    {
        var article = await Parse(Page("<title>No description here</title>", Prose));
        Assert.StartsWith("The council voted on Tuesday", article.Excerpt);
        Assert.EndsWith("taken at the bridge.", article.Excerpt);
    }

    // ---- title ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("Harbour bridge to close for repairs | The Coastal Gazette")]
    [InlineData("Harbour bridge to close for repairs - The Coastal Gazette")]
    [InlineData("Harbour bridge to close for repairs — The Coastal Gazette")]
    public async Task TitleDropsSiteSuffixAfterSeparator(string title)
    {
        var article = await Parse(Page($"<title>{title}</title>", Prose));
        Assert.Equal("Harbour bridge to close for repairs", article.Title);
    }

    [Fact]
    public async Task TitleDropsSitePrefixWhenWhatFollowsIsTheTitle()
    {
        var article = await Parse(Page("<title>Gazette » Harbour bridge to close for three months of repairs</title>", Prose));
        Assert.Equal("Harbour bridge to close for three months of repairs", article.Title);
    }

    [Fact]
    public async Task ShortTitleKeepsItsSeparatorRatherThanBecomingOneWord()
    {
        var article = await Parse(Page("<title>Contact | Acme</title>", Prose));
        Assert.Equal("Contact | Acme", article.Title);
    }

    // og:title often carries the site's name; messages and the popup want the story's own words.
    [Theory]
    [InlineData("""<meta property="og:title" content="Nadal to retire after Davis Cup - Sportsnet.ca">""", "https://www.sportsnet.ca/tennis/nadal/")]
    [InlineData("""<meta property="og:title" content="Nadal to retire after Davis Cup | The Ledger"><meta property="og:site_name" content="The Ledger">""", PageUrl)]
    [InlineData("""<meta property="og:title" content="CityAM: Nadal to retire after Davis Cup">""", "https://www.cityam.com/nadal/")]
    [InlineData("""<title>Nadal to retire after Davis Cup – The Hollywood Reporter</title><meta property="og:site_name" content="The Hollywood Reporter">""", PageUrl)]
    public async Task TheDisplayTitleLeavesOutTheSitesName(string head, string url)
    {
        var article = await Parse(Page(head, Prose), url);
        Assert.Equal("Nadal to retire after Davis Cup", article.DisplayTitle);
    }

    [Theory]
    [InlineData("Impeachment hearings: what to watch for")] // a kicker, not a site
    [InlineData("Storm hits coast - again")]               // the tail is the story's, not the site's
    public async Task TheDisplayTitleKeepsWhatIsNotTheSitesName(string title)
    {
        var article = await Parse(Page($"""<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Ledger">""", Prose));
        Assert.Equal(title, article.DisplayTitle);
    }

    [Fact]
    public async Task TitleFallsBackToTheOnlyH1WithoutATitleElement()
    {
        var article = await Parse(Page("", "<h1>The only heading</h1>" + Prose));
        Assert.Equal("The only heading", article.Title);
    }

    [Theory]
    [InlineData("Cycle lane to be extended along the river | Gazette", "<h1>Cycle lane to be extended along the river</h1>", "Cycle lane to be extended")]
    [InlineData("Cycle lane to be extended along the river", "<h3><a href=\"/post/1\">Cycle lane to be extended along the river</a></h3>", "Cycle lane to be extended")]
    [InlineData("深度学习迈上新台阶_科技_新闻网", "<h1>深度学习迈上新台阶</h1>", "深度学习")] // no spaces to split words at
    public async Task HeadingThatRepeatsTheTitleIsNotInTheText(string title, string heading, string probe)
    {
        var article = await Parse(Page($"<title>{title}</title>", "<article>" + heading + Prose + "</article>"));
        Assert.DoesNotContain(probe, article.Text);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task LaterSubHeadingThatResemblesTheTitleIsKept()
    {
        var article = await Parse(Page("<title>Standalone binaries using the compiler</title>",
            "<article><h1>Standalone binaries using the compiler</h1>" + Prose
            + "<h2>Using standalone mode in the compiler</h2>" + Prose + "</article>"));
        Assert.DoesNotContain("Standalone binaries using", article.Text);
        Assert.Contains("Using standalone mode in the compiler", article.Text);
    }

    [Fact]
    public async Task DeclaredHeadlineIsNotInTheTextEvenWhenTheSharingTitleDiffers()
    {
        var article = await Parse(Page("""<meta property="og:title" content="The modern ambitions behind the cycle lane">""",
            """<article><h1 itemprop="headline">Why the river path became the town's busiest road</h1>""" + Prose + "</article>"));
        Assert.Equal("The modern ambitions behind the cycle lane", article.Title);
        Assert.DoesNotContain("busiest road", article.Text);
    }

    // ---- byline, date, language, tags, canonical, images -----------------------------------------

    [Fact]
    public async Task BylineComesFromAnElementWithABylineClass()
    {
        var article = await Parse(Page("", """<article><div class="byline">By Ana Ruiz</div>""" + Prose + "</article>"));
        Assert.Equal("By Ana Ruiz", article.Byline);
        Assert.DoesNotContain("Ana Ruiz", article.Text);
    }

    [Fact]
    public async Task BylineComesFromRelAuthorLink()
    {
        var article = await Parse(Page("", """<article><p><a rel="author" href="/ana">Ana Ruiz</a></p>""" + Prose + "</article>"));
        Assert.Equal("Ana Ruiz", article.Byline);
    }

    [Fact]
    public async Task BylinePrefersTheItempropNameInsideTheAuthorElement()
    {
        var article = await Parse(Page("", """
            <article><div itemprop="author" itemscope>Written by <span itemprop="name">Ana Ruiz</span>, staff reporter</div>
            """ + Prose + "</article>"));
        Assert.Equal("Ana Ruiz", article.Byline);
    }

    [Fact]
    public async Task HiddenBylineElementIsIgnored()
    {
        var article = await Parse(Page("", """<div class="author" style="display:none">Nobody</div><article><span class="byline">Ana Ruiz</span>""" + Prose + "</article>"));
        Assert.Equal("Ana Ruiz", article.Byline);
    }

    [Fact]
    public async Task PublishedTimeKeepsThePrecisionThePageStates()
    {
        var article = await Parse(Page("""<meta property="article:published_time" content="2024-03-18T07:45:00+00:00">""", Prose));
        Assert.Equal("2024-03-18T07:45:00+00:00", article.PublishedTime);
    }

    [Fact]
    public async Task PublishedTimeFallsBackToTheFirstTimeElement()
    {
        var article = await Parse(Page("", """<article><time datetime="2019-10-18">18 October</time>""" + Prose + "</article>"));
        Assert.Equal("2019-10-18", article.PublishedTime);
    }

    [Fact]
    public async Task ReadableDateInAMetaBecomesIso()
    {
        var article = await Parse(Page("""<meta name="date" content="March 25, 2015">""", Prose));
        Assert.Equal("2015-03-25", article.PublishedTime);
    }

    [Fact]
    public async Task JsonLdDateCreatedIsUsedOnlyWhenNoPublicationDateIsStated()
    {
        var article = await Parse(Page("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","dateCreated":"2017-02-24T01:18:13Z"}</script>
            <meta property="article:published_time" content="2017-02-23T17:18:13-08:00">
            """, Prose));
        Assert.Equal("2017-02-23T17:18:13-08:00", article.PublishedTime);
    }

    [Fact]
    public async Task LanguageComesFromHtmlLang()
    {
        var article = await Parse(Page("", Prose, lang: " lang=\"fr-CA\""));
        Assert.Equal("fr-CA", article.Language);
    }

    [Fact]
    public async Task OpenGraphLocaleWinsOverHtmlLangAndBecomesALanguageTag()
    {
        var article = await Parse(Page("""<meta property="og:locale" content="pt_BR">""", Prose, lang: " lang=\"en\""));
        Assert.Equal("pt-BR", article.Language);
    }

    [Fact]
    public async Task TagsComeFromEveryDeclaredSourceWithoutDuplicates()
    {
        var article = await Parse(Page("""
            <meta property="article:tag" content="Transport">
            <meta name="news_keywords" content="bridge, transport">
            <meta name="keywords" content="roadworks; council">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","keywords":"cycling, Bridge","about":[{"@type":"Thing","name":"Urban planning"}]}</script>
            """, Prose));
        Assert.Equal(["Transport", "bridge", "roadworks", "council", "cycling", "Urban planning"], article.Tags);
    }

    [Fact]
    public async Task CanonicalUrlIsResolvedAgainstThePageUrl()
    {
        var article = await Parse(Page("""<link rel="canonical" href="/2024/05/story">""", Prose), "https://news.example/2024/05/story?utm_source=feed");
        Assert.Equal("https://news.example/2024/05/story", article.CanonicalUrl);
    }

    [Fact]
    public async Task CanonicalUrlFallsBackToOpenGraphUrl()
    {
        var article = await Parse(Page("""<meta property="og:url" content="https://news.example/canonical">""", Prose));
        Assert.Equal("https://news.example/canonical", article.CanonicalUrl);
    }

    // A Sportsnet page about Nadal whose canonical and og:url were copied from an Argentina–Chile story.
    [Fact]
    public async Task ADeclaredCanonicalThatNamesAnotherStoryGivesWayToTheTabUrlWithoutTracking()
    {
        var article = await Parse(Page("""
            <title>Rafael Nadal announces he will retire after the Davis Cup finals - Sportsnet.ca</title>
            <link rel="canonical" href="https://www.sportsnet.ca/soccer/article/messi-scores-argentina-beat-chile-copa-america/">
            <meta property="og:url" content="https://www.sportsnet.ca/soccer/article/messi-scores-argentina-beat-chile-copa-america/">
            """, Prose),
            "https://www.sportsnet.ca/tennis/article/rafael-nadal-announces-retirement-davis-cup-finals/?utm_source=twitter&utm_medium=social&fbclid=x1#comments");
        Assert.Equal("https://www.sportsnet.ca/tennis/article/rafael-nadal-announces-retirement-davis-cup-finals/", article.CanonicalUrl);
    }

    [Theory]
    // Syndicated: another host and path, but the slug tells the same story as the title.
    [InlineData("https://wire.example/world/nadal-announces-retirement-2024-10-10/", "https://portal.example/news/a1b2c3.html")]
    // A slug that shares words with the tab URL's path is the same story under a tidier address.
    [InlineData("https://news.example/sport/tennis-star-bows-out", "https://news.example/sport/tennis-star-bows-out-live?page=2")]
    // Ids, not words: nothing to contradict.
    [InlineData("https://news.example/a/123456", "https://news.example/story.php?id=123456")]
    public async Task ACanonicalThatDoesNotContradictThePageIsKept(string canonical, string tabUrl)
    {
        var article = await Parse(Page($"""
            <title>Nadal announces retirement from professional tennis</title><link rel="canonical" href="{canonical}">
            """, Prose), tabUrl);
        Assert.Equal(canonical, article.CanonicalUrl);
    }

    [Fact]
    public async Task LeadImageComesFromOpenGraphAsAnAbsoluteUrl()
    {
        var article = await Parse(Page("""<meta property="og:image" content="/img/lead.jpg">""", "<article><img src=\"/img/inline.png\">" + Prose + "</article>"));
        Assert.Equal("https://news.example/img/lead.jpg", article.Images[0]);
    }

    [Fact]
    public async Task LeadImageFallsBackToTheFirstImageInTheArticle()
    {
        var article = await Parse(Page("", "<article><img src=\"pics/inline.png\">" + Prose + "</article>"));
        Assert.Equal(["https://news.example/2024/05/pics/inline.png"], article.Images);
    }

    [Theory]
    [InlineData("https://cdn.example/media/", "https://cdn.example/media/pics/inline.png")]
    [InlineData("/static/", "https://news.example/static/pics/inline.png")]
    [InlineData("data:text/html,x", "https://news.example/2024/05/pics/inline.png")]
    [InlineData("javascript:void(0)", "https://news.example/2024/05/pics/inline.png")]
    public async Task RelativeImagesResolveAgainstTheFirstBaseElementAsABrowserDoes(string baseHref, string expected)
    {
        var article = await Parse(Page($"""<base href="{baseHref}"><base href="https://other.example/">""",
            "<article><img src=\"pics/inline.png\">" + Prose + "</article>"));
        Assert.Equal([expected], article.Images);
    }

    // ---- main text -------------------------------------------------------------------------------

    [Fact]
    public async Task NavigationSidebarCommentsAndFooterAreNotInTheText()
    {
        var article = await Parse(Page("", """
            <nav class="menu"><a href="/">Home</a> <a href="/sport">Sport pages</a></nav>
            <div class="sidebar"><h3>Popular now</h3><p>Celebrity chef opens new restaurant downtown, with a long queue.</p></div>
            <article>
            """ + Prose + """
            </article>
            <div id="comments"><p>This is a very long comment from a reader who disagrees with everything said above.</p></div>
            <footer>Copyright Example News, all rights reserved</footer>
            """));
        Assert.Contains("The council voted on Tuesday", article.Text);
        Assert.Contains("block the road for most of the morning.", article.Text);
        foreach (var chrome in new[] { "Sport pages", "Popular now", "Celebrity chef", "reader who disagrees", "Copyright" })
        {
            Assert.DoesNotContain(chrome, article.Text);
        }
    }

    [Fact]
    public async Task LinkListInsideTheArticleIsRemoved()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <div class="more"><a href="/1">Another story about the council</a> <a href="/2">Weather this weekend</a> <a href="/3">Football results</a></div>
            </article>
            """));
        Assert.DoesNotContain("Football results", article.Text);
    }

    [Fact]
    public async Task ListUsedOnlyToIndentProseIsKept()
    {
        var article = await Parse(Page("", "<article>" + Prose
            + "<ul> (An aside set in a list without items, as old pages do to indent a paragraph of text.) </ul></article>"));
        Assert.Contains("An aside set in a list without items", article.Text);
    }

    [Fact]
    public async Task DivOfLooseTextInsideTheArticleIsKeptAsAParagraph()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <div class="description">The bridge was closed for two weekends in March, while engineers checked the supports, and it reopened ahead of schedule.</div>
            </article>
            """));
        Assert.Contains("The bridge was closed for two weekends", article.Text);
    }

    [Fact]
    public async Task LeadInADivBesideTheBodyIsKept()
    {
        var article = await Parse(Page("", """
            <div class="story">
              <div class="lead">A year after it opened, the cycle lane carries twice as many riders as the council expected when it approved the plan.</div>
              <div class="story-body">
            """ + Prose + """
              </div>
            </div>
            """));
        Assert.Contains("A year after it opened", article.Text);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task DivOfLooseTextThatIsMostlyLinksIsStillJudgedAsABlock()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <div class="note">For other uses, see <a href="/wiki/Bridge_(disambiguation)">Bridge (disambiguation)</a> and <a href="/wiki/River_(disambiguation)">River (disambiguation)</a>.</div>
            </article>
            """));
        Assert.DoesNotContain("disambiguation", article.Text);
    }

    [Fact]
    public async Task AdvertisementLabelIsRemovedEvenAsLooseText()
    {
        var article = await Parse(Page("", "<article>" + Prose + """<div class="label">Advertisement</div>""" + Prose + "</article>"));
        Assert.DoesNotContain("Advertisement", article.Text);
    }

    [Fact]
    public async Task RelatedLinksBoxLeftWithOnlyItsHeadingIsRemoved()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <div class="relatedContent">
              <header><h3>Other people are reading</h3></header>
              <ul><li><a href="/a">How to fix a puncture</a></li><li><a href="/b">The best winter tyres</a></li><li><a href="/c">Commuting by bike in the rain</a></li></ul>
            </div>
            </article>
            """));
        Assert.DoesNotContain("Other people are reading", article.Text);
        Assert.DoesNotContain("winter tyres", article.Text);
    }

    [Fact]
    public async Task WrapperAroundMainIsNotMistakenForOneLongParagraph()
    {
        // <div><main>…</main></div>: the <div> holds blocks further down, so it is not scored as one paragraph of
        // the whole page's text, which would lift the outer wrapper above the article and pull in the teasers.
        var teaser = """
            <li><div><p>Another story, about something else entirely, with its own summary, in a list of the week's most read.</p></div></li>
            """;
        var article = await Parse(Page("", """
            <div class="layout"><div class="layout-inner"><main>
              <article class="story">
            """ + Prose + Prose + """
              </article>
              <section class="most-read"><h2>Most read</h2><ol>
            """ + teaser + teaser + teaser + teaser + teaser + """
              </ol></section>
            </main></div></div>
            """));
        Assert.Contains("The council voted on Tuesday", article.Text);
        Assert.DoesNotContain("Most read", article.Text);
        Assert.DoesNotContain("Another story", article.Text);
    }

    [Fact]
    public async Task BlockOfProseWithEmbeddedFramesIsKept()
    {
        // Frames are stripped before blocks are judged, so two ad slots do not take their paragraph with them.
        var article = await Parse(Page("", "<article><div class=\"body\">" + Prose + """
              <div class="story-part">
                <p>The mill opened in 1823 and ground corn for the village, for more than a hundred years, until the flood of 1947 broke its wheel.</p>
                <iframe src="https://ads.example/slot-1"></iframe><iframe src="https://ads.example/slot-2"></iframe>
              </div>
            """ + Prose + "</div></article>"));
        Assert.Contains("The mill opened in 1823", article.Text);
    }

    [Fact]
    public async Task TextSplitByDoubleLineBreaksScoresAsParagraphs()
    {
        // Each run after a <br><br> is a paragraph of its own, so four of them outweigh two real <p>s beside.
        var article = await Parse(Page("", """
            <table><tr><td>
            The mill opened in 1823 and ground corn for the village, for more than a hundred years, until the flood of 1947 broke its wheel.<br><br>
            In 1976 a retired engineer bought the building, and over a decade, working mostly alone, he rebuilt the wheel by hand.<br><br>
            Today the mill grinds flour once a month, and the village school visits every spring, to watch the stones turn.<br><br>
            The trust that runs it now is looking for volunteers, millers, guides, and bakers, to keep it open on weekends.
            </td></tr></table>
            <div class="teasers">
            <p>Elsewhere in the county, a bakery, a brewery, and a cheese maker open their doors for a weekend of tastings.</p>
            <p>The railway museum, closed for repairs, reopens in May with a new carriage, a cafe, and a model village.</p>
            </div>
            """));
        Assert.Contains("The mill opened in 1823", article.Text);
        Assert.Contains("In 1976 a retired engineer", article.Text);
    }

    [Fact]
    public async Task CaptionsAndPhotoCreditsAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <figure><img src="/bridge.jpg"><figcaption>The bridge at dawn, before the works began. Photo: Ana Ruiz</figcaption></figure>
            <div class="image-block"><img src="/lane.jpg"><p class="wp-caption-text">Riders on the new lane in May</p></div>
            <span class="photo-credit">Pictures: Gazette staff</span>
            """ + Prose + "</article>"));
        Assert.Contains("The council voted on Tuesday", article.Text);
        foreach (var caption in new[] { "The bridge at dawn", "Riders on the new lane", "Gazette staff" })
        {
            Assert.DoesNotContain(caption, article.Text);
        }
    }

    [Fact]
    public async Task BlockThatOnlyDescribesItsImageAsUncaptionedKeepsItsText()
    {
        // class="no_caption" says there is no caption; the lead sentence beside the image is the story's.
        var article = await Parse(Page("", "<article>" + Prose + """
            <div class="item no_caption"><h2>The mother of the rider described how the lane had changed the school run.</h2><img src="/a.jpg"></div>
            """ + Prose + "</article>"));
        Assert.Contains("The mother of the rider described", article.Text);
    }

    [Fact]
    public async Task NewsletterSignUpAndAuthorBioBoxesAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <section class="newsletter-promo"><h2>Cities are changing fast.</h2><p>Keep up with the Gazette Daily newsletter, in your inbox every morning.</p></section>
            """ + Prose + """
            <div class="author-bio">Ana Ruiz covers transport and the council for the Gazette. Before that, she reported on schools.</div>
            </article>
            """));
        Assert.Contains("block the road for most of the morning.", article.Text);
        Assert.DoesNotContain("Daily newsletter", article.Text);
        Assert.DoesNotContain("Ana Ruiz covers transport", article.Text);
    }

    [Theory]
    [InlineData("Related: ")]
    [InlineData("Read more: ")]
    [InlineData("Lire aussi : ")]
    public async Task LineThatPointsToAnotherArticleIsNotInTheText(string label)
    {
        var article = await Parse(Page("", "<article>" + Prose
            + $"<p>{label}<a href=\"/2024/04/buses.html\">Bus routes to change after the bridge closes</a></p>" + Prose + "</article>"));
        Assert.DoesNotContain("Bus routes to change", article.Text);
    }

    [Fact]
    public async Task ParagraphThatStartsLikeALinkLabelButIsProseIsKept()
    {
        var article = await Parse(Page("", "<article>" + Prose
            + "<p>Related research, published by the university in March, found that <a href=\"/study\">cycle lanes</a> cut journey times for buses too.</p>"
            + Prose + "</article>"));
        Assert.Contains("Related research, published by the university", article.Text);
    }

    [Fact]
    public async Task DateLineInsideTheArticleIsNotInTheText()
    {
        var article = await Parse(Page("", """
            <article><h5 class="article-posted-date">2/26/2015 7:11 AM PST BY GAZETTE STAFF</h5>
            """ + Prose + """
            <p class="date-note">Updated on Tuesday: the council has since confirmed the contractor will start on June 3, as planned, and the work will take ten weeks.</p>
            </article>
            """));
        Assert.DoesNotContain("7:11 AM", article.Text);
        Assert.Contains("The council voted on Tuesday", article.Text);
        Assert.Contains("Updated on Tuesday", article.Text); // long: text that has a date-like class, not a date line
    }

    [Fact]
    public async Task ClosingNotesAboutTheAuthorAndThePieceAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <p><i>Ana Ruiz is a reporter for the Gazette covering transport. Follow her on Twitter @anaruiz.</i></p>
            <p>This article originally appeared on The Weekly Review.</p>
            <p>A version of this article appears in print on page A12 of the city edition.</p>
            </article>
            """));
        Assert.EndsWith("block the road for most of the morning.", article.Text);
    }

    [Theory]
    [InlineData("(Reporting by Ana Ruiz; Editing by Tom Brown)")]
    [InlineData("Copyright 2024 The Gazette. All rights reserved. This material may not be published or redistributed.")]
    public async Task AgencyCreditsAndCopyrightAfterTheLastParagraphAreNotInTheText(string note)
    {
        var article = await Parse(Page("", "<article>" + Prose + $"<p>{note}</p></article>"));
        Assert.EndsWith("block the road for most of the morning.", article.Text);
    }

    [Fact]
    public async Task LastParagraphAboutAReporterInTheStoryIsKept()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <p>Maria Lopez is a reporter for a local radio station, and she rides the lane every day; she said that in the first week of the works the detour added twenty minutes to her journey, and that the signs pointing riders to the temporary route were too small to read from the saddle.</p>
            </article>
            """));
        Assert.EndsWith("too small to read from the saddle.", article.Text);
    }

    [Fact]
    public async Task TableOfContentsAndCallsToActionAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + """
            <div id="toc" class="toc"><h2>Contents</h2><ul>
              <li><a href="#vote">1 The vote</a></li><li><a href="#shops">2 What the shops said</a></li><li><a href="#residents">3 Residents</a></li>
            </ul></div>
            """ + Prose + """
            <p class="cta-contributor">Would you like to write for the Gazette? Join our contributor programme today.</p>
            </article>
            """));
        Assert.Contains("The council voted on Tuesday", article.Text);
        Assert.DoesNotContain("What the shops said", article.Text);
        Assert.DoesNotContain("contributor programme", article.Text);
    }

    [Fact]
    public async Task DateInsideASentenceStays()
    {
        var article = await Parse(Page("", "<article>" + Prose
            + "<p>The works start on <span class=\"date\">June 3, 2024</span> and end before the school term.</p></article>"));
        Assert.Contains("The works start on June 3, 2024 and end", article.Text);
    }

    [Fact]
    public async Task ShareButtonsAreRemoved()
    {
        var article = await Parse(Page("", "<article>" + Prose + """<div class="share-bar">Share this on Facebook or Twitter</div></article>"""));
        Assert.DoesNotContain("Share this", article.Text);
    }

    [Fact]
    public async Task HiddenElementsAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <p hidden>Hidden by attribute, should not appear anywhere.</p>
            <p style="display: none">Hidden by style, should not appear anywhere.</p>
            <p aria-hidden="true">Hidden from readers, should not appear anywhere.</p>
            </article>
            """));
        Assert.DoesNotContain("Hidden", article.Text);
    }

    [Fact]
    public async Task ElementsHiddenByFrameworkClassesAreNotInTheText()
    {
        var article = await Parse(Page("", "<article>" + Prose
            + "<p class=\"notice hidden\">Hidden cookie notice text.</p><p class=\"d-none\">Hidden bootstrap text.</p></article>"));
        Assert.DoesNotContain("Hidden cookie notice", article.Text);
        Assert.DoesNotContain("Hidden bootstrap", article.Text);
    }

    [Fact]
    public async Task ResponsiveClassThatShowsAnElementOnWideScreensKeepsIt()
    {
        var article = await Parse(Page("", "<article>" + Prose
            + "<p class=\"hidden md:block\">Shown on desktop screens, a closing paragraph of the story.</p></article>"));
        Assert.Contains("Shown on desktop screens", article.Text);
    }

    [Fact]
    public async Task ParagraphsAreSeparatedByBlankLinesAndListItemsHaveTheirOwnLines()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <h2>What happens next</h2>
            <ul><li>Work starts in June.</li><li>The lane opens in September.</li></ul>
            </article>
            """));
        Assert.Contains("taken at the bridge.\n\nShop owners", article.Text);
        Assert.Contains("\n\nWhat happens next\n\n", article.Text);
        Assert.Contains("Work starts in June.\nThe lane opens in September.", article.Text);
    }

    [Fact]
    public async Task CodeBlocksKeepTheirLineBreaksAndIndentation()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <pre><code>if (ready)
                {
                    Start();
                }</code></pre>
            </article>
            """));
        Assert.Contains("if (ready)\n    {\n        Start();\n    }", article.Text.Replace("            ", ""));
    }

    [Fact]
    public async Task DataTableIsKeptWithCellsSeparated()
    {
        var article = await Parse(Page("", "<article>" + Prose + """
            <table><thead><tr><th>Year</th><th>Riders</th></tr></thead>
            <tbody><tr><td>2022</td><td>1,200</td></tr><tr><td>2023</td><td>2,450</td></tr></tbody></table>
            </article>
            """));
        Assert.Contains("Year Riders\n2022 1,200\n2023 2,450", article.Text);
    }

    [Fact]
    public async Task ArticleSplitIntoSeveralBlocksIsJoined()
    {
        var article = await Parse(Page("", """
            <div class="story">
              <div class="story-part">
                <p>First part of the story, long enough to count: the mill opened in 1823 and ground corn for the village for more than a hundred years.</p>
                <p>It closed after the flood of 1947, which broke the wheel and filled the ground floor with silt up to the windows.</p>
              </div>
              <div class="ad-slot"><a href="/ad">Buy now</a></div>
              <div class="story-part">
                <p>Second part of the story: in 1976 a retired engineer bought the building, and over a decade he rebuilt the wheel by hand.</p>
                <p>Today the mill grinds flour once a month, and the village school visits every spring to watch the stones turn.</p>
              </div>
            </div>
            """));
        Assert.Contains("First part of the story", article.Text);
        Assert.Contains("Second part of the story", article.Text);
        Assert.DoesNotContain("Buy now", article.Text);
    }

    [Fact]
    public async Task PageWithOnlyLineBreaksForMarkupKeepsItsText()
    {
        var article = await Parse("""
            <html><body>
            The mill on the river was built in 1823 and ground corn for the village until the flood of 1947 broke its wheel, after which it stood empty for thirty years.<br><br>
            In 1976 a retired engineer bought it and rebuilt the wheel with oak from a storm-felled tree, working mostly alone at weekends for ten years.<br><br>
            Today it grinds flour on the first Sunday of each month, and the school visits every spring to watch the stones turn and take home some flour.
            </body></html>
            """);
        Assert.Contains("The mill on the river was built in 1823", article.Text);
        Assert.Contains("take home some flour.", article.Text);
        Assert.True(article.IsArticle, article.NotArticleReason);
    }

    [Fact]
    public async Task WordCountAndReadingTimeFollowTheText()
    {
        var words = string.Join(' ', Enumerable.Repeat("word", 690));
        var article = await Parse(Page("", $"<article><p>{words}.</p></article>"));
        Assert.Equal(690, article.WordCount);
        Assert.Equal(3, article.ReadingMinutes);
    }

    // ---- not an article --------------------------------------------------------------------------

    [Fact]
    public async Task HomePageIsNotAnArticle()
    {
        var teasers = string.Concat(Enumerable.Range(1, 8).Select(i => $"<div class=\"teaser\"><h2><a href=\"/n/{i}\">Headline number {i} about the town</a></h2><p><a href=\"/n/{i}\">Short summary of story {i}.</a></p></div>"));
        var article = await Parse(Page("<title>Gazette</title>", teasers), "https://gazette.example/");
        Assert.False(article.IsArticle);
        Assert.Contains("home page", article.NotArticleReason);
    }

    [Fact]
    public async Task PageDeclaredAsArticleOnTheSiteRootIsStillAnArticle()
    {
        var article = await Parse(Page("""<meta property="og:type" content="article">""", Prose), "https://blog.example/");
        Assert.True(article.IsArticle, article.NotArticleReason);
    }

    [Fact]
    public async Task SearchResultsPageIsNotAnArticle()
    {
        var results = string.Concat(Enumerable.Range(1, 10).Select(i => $"<div class=\"result\"><p>Result {i}: the council voted on the cycle lane, and residents were divided about what it means for the town centre and its shops.</p></div>"));
        var article = await Parse(Page("<title>Search</title>", results), "https://news.example/search?q=cycle+lane");
        Assert.False(article.IsArticle);
        Assert.Contains("search results", article.NotArticleReason);
    }

    [Fact]
    public async Task LoginWallIsNotAnArticle()
    {
        var article = await Parse(Page("""<meta property="og:type" content="article">""", """
            <article><h1>Chipmakers brace for a slower year</h1><p>Orders for memory chips fell for a third straight quarter, and suppliers warned that</p></article>
            <form action="/login"><input type="email" name="email"><input type="password" name="password"><button>Sign in</button></form>
            """));
        Assert.False(article.IsArticle);
        Assert.Contains("login wall", article.NotArticleReason);
    }

    [Fact]
    public async Task PageOfLinksIsNotAnArticle()
    {
        var links = string.Concat(Enumerable.Range(1, 40).Select(i => $"<li><a href=\"/p/{i}\">A link to page number {i} of the site archive</a></li>"));
        var article = await Parse(Page("", $"<div class=\"content\"><ul>{links}</ul></div>"), "https://news.example/archive/2024");
        Assert.False(article.IsArticle);
    }

    [Fact]
    public async Task ShortPageIsNotAnArticle()
    {
        var article = await Parse(Page("<title>Thanks</title>", "<p>Thank you for subscribing to our newsletter.</p>"));
        Assert.False(article.IsArticle);
        Assert.Contains("too little text", article.NotArticleReason);
    }

    // ---- hostile input ---------------------------------------------------------------------------

    [Fact]
    public async Task TwentyThousandDeepNestingIsRefusedBeforeParsing()
    {
        // How fast is the benchmarks' business; here: refused with a reason, under the default budget (no throw).
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 20_000)) + Prose + "</body></html>";
        var article = await Parse(html);
        Assert.False(article.IsArticle);
        Assert.Contains("nest", article.NotArticleReason);
    }

    [Fact]
    public async Task DeepNestingBelowTheLimitIsParsedWithoutOverflowingTheStack()
    {
        // AngleSharp itself stops nesting near 512 levels; this checks our walks, which must not recurse.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 1_900)) + Prose + "</body></html>";
        var article = await Parse(html);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task ClosedNestingAndUnclosedParagraphsAreNotMistakenForDeepNesting()
    {
        var paragraphs = string.Concat(Enumerable.Repeat("<div><p>Some words in a paragraph that is never closed</div>", 5_000));
        var article = await Parse(Page("", "<article>" + Prose + paragraphs + "</article>"));
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task HundredThousandSiblingsStillYieldTheArticle()
    {
        var html = "<html><body><div>" + string.Concat(Enumerable.Repeat("<span>x</span>", 100_000)) + "</div>" + Prose + "</body></html>";
        var article = await Parse(html);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task ScriptOnlyPageIsNotAnArticle()
    {
        var article = await Parse("<html><head><script>window.app = {};</script></head><body><div id=\"root\"></div><script src=\"/app.js\"></script><script>render(document.getElementById('root'));</script></body></html>");
        Assert.False(article.IsArticle);
        Assert.Equal("", article.Text);
        Assert.NotNull(article.NotArticleReason);
    }

    [Fact]
    public async Task FramesetPageIsNotAnArticle()
    {
        var article = await Parse("<html><head><title>Frames</title></head><frameset cols=\"20%,80%\"><frame src=\"menu.html\"><frame src=\"main.html\"></frameset></html>");
        Assert.False(article.IsArticle);
        Assert.Contains("frameset", article.NotArticleReason);
    }

    [Fact]
    public async Task BrokenEncodingAndControlCharactersDoNotThrow()
    {
        var broken = "\uD800 lone surrogate \uDFFF, NUL \0 char, replacement \uFFFD, mojibake Ã©tÃ© â€™";
        var html = Page("<meta charset=\"gb2312\"><title>" + broken + "</title>", $"<article><p>{broken}</p>{Prose}</article>");
        var article = await Parse(html);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task MetaCharsetDoesNotReDecodeTextThatIsAlreadyDecoded()
    {
        var article = await Parse(Page("<meta charset=\"gb2312\"><title>谷歌收购的人工智能公司开发出新电脑</title>", Prose));
        Assert.Equal("谷歌收购的人工智能公司开发出新电脑", article.Title);
    }

    [Fact]
    public async Task EmptyInputIsNotAnArticle()
    {
        var article = await Parse("");
        Assert.False(article.IsArticle);
        Assert.Equal("", article.Text);
    }

    [Fact]
    public async Task RelativeOrInvalidUrlIsKeptAndDoesNotThrow()
    {
        var article = await Parse(Page("", Prose), "not a url");
        Assert.Equal("not a url", article.Url);
        Assert.Contains("The council voted on Tuesday", article.Text);
    }

    [Fact]
    public async Task ExceedingTheTimeBudgetThrowsOperationCanceled()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><p>Some text, with commas, in a paragraph.</p></div>", 50_000)) + "</body></html>";
        var parser = new ArticleParser(new ArticleParserOptions { TimeBudget = TimeSpan.FromMilliseconds(1) });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parser.ParseAsync(html, PageUrl, CancellationToken.None));
    }

    [Fact]
    public async Task CancelledTokenThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Parser.ParseAsync(Page("", Prose), PageUrl, cancelled.Token));
    }

    [Fact]
    public async Task OneParserServesConcurrentCallsWithIndependentResults()
    {
        var pages = Enumerable.Range(0, 16).Select(i => Page($"<title>Story number {i} about the cycle lane</title>", Prose)).ToList();
        var results = await Task.WhenAll(pages.Select(p => Task.Run(() => Parse(p))));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal($"Story number {i} about the cycle lane", results[i].Title);
        }
    }

    // ---- speed shortcuts that must not change what is found --------------------------------------

    [Fact]
    public void TheClassHintScanAgreesWithThePatternsOnEveryWordInContext()
    {
        string[] before = ["", "x", "X-", "no", "no-", "has_", "with", "With-", "-", "_", "a ", "wp-", "hidden "];
        string[] after = ["", "s", "-x", "_", " b", "line", "ed", "Y", " hid"];
        int compared = 0;
        foreach (var pattern in PageIndex.HintPatterns)
        {
            foreach (var literal in Literals(pattern.ToString()))
            {
                Assert.True(pattern.IsMatch(literal), $"the expansion of /{pattern}/ is wrong: '{literal}'");
                foreach (var word in (string[])[literal, literal.ToUpperInvariant()])
                {
                    foreach (var b in before)
                    {
                        foreach (var a in after)
                        {
                            var text = b + word + a;
                            AssertSameHints(text, "");
                            AssertSameHints("", text);
                            AssertSameHints(text, text);
                            AssertSameHints(b, word + a);
                            compared += 4;
                        }
                    }
                }
            }
        }
        Assert.True(compared > 10_000);
    }

    [Fact]
    public void TheClassHintScanAgreesWithThePatternsOnGeneratedNames()
    {
        // Pieces of the patterns' words, so that near misses ("autho", "tocs", "no_capt") come up often.
        string[] pieces = ["auth", "or", "date", "line", "toc", "cap", "tion", "cred", "it", "no", "has", "with", "bio",
            "cta", "hid", "den", "share", "com", "ment", "-", "_", " ", "  ", "ad", "side", "bar", "table", "of",
            "contents", "about", "the", "info", "page", "post", "ed", "main", "x", "Q", "K", "I"];
        var random = new Random(13);
        for (int n = 0; n < 20_000; n++)
        {
            string Name() => string.Concat(Enumerable.Range(0, random.Next(0, 7))
                .Select(_ => pieces[random.Next(pieces.Length)]).Select(p => random.Next(4) == 0 ? p.ToUpperInvariant() : p));
            AssertSameHints(Name(), Name());
        }
    }

    private static void AssertSameHints(string className, string id) =>
        Assert.True(PageIndex.ClassHintsByPatterns(className, id) == PageIndex.ClassHints(className, id),
            $"class \"{className}\" id \"{id}\": patterns {PageIndex.ClassHintsByPatterns(className, id)}, scan {PageIndex.ClassHints(className, id)}");

    [Theory]
    [InlineData("class=\"Related-Links\"")]
    [InlineData("class=\"Comments-Section\"")]
    [InlineData("id=\"footer\"")]
    public async Task BlocksWithAHintInTheirClassOrIdAreStillDropped(string attribute)
    {
        var article = await Parse(Page("", $"<article>{Prose}</article><div {attribute}><p>Chrome text that is no part of the story, at some length so it could be scored.</p></div>"));
        Assert.Contains("The council voted on Tuesday", article.Text);
        Assert.DoesNotContain("Chrome text", article.Text);
    }

    // The parser stores only the attributes in PageIndex.ReadAttributes: one read anywhere else would find nothing.
    // (PageIndex's own one-pass attribute switch sits next to the list.)
    [Fact]
    public void EveryAttributeTheArticlesCodeReadsIsKeptByTheParser()
    {
        var folder = Path.Combine(Path.GetDirectoryName(SourcePath())!, "..", "..", "..", "api", "Articles");
        var reads = new Regex("""(?:GetAttribute|HasAttribute)\("([^"]+)"\)|AttributeOf\([^,()]+, "([^"]+)"\)|\[([a-z:-]+)[~|^$*]?=""");
        var names = Directory.GetFiles(folder, "*.cs").SelectMany(f => reads.Matches(File.ReadAllText(f)))
            .SelectMany(m => m.Groups.Values.Skip(1).Where(g => g.Success).Select(g => g.Value))
            .ToHashSet();
        Assert.Contains("data-lazy-src", names); // the scan found the reads
        foreach (var name in names)
        {
            Assert.True(PageIndex.ReadAttributes.Contains(name), $"'{name}' is read but not kept by the parser");
        }
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    // The texts an alternation of words can match: anchors and lookarounds dropped, groups and optional
    // characters (x?) expanded. That is all the class hint patterns are made of; anything else fails loudly.
    private static List<string> Literals(string pattern)
    {
        int at = 0;
        var result = Alternation(pattern, ref at);
        Assert.Equal(pattern.Length, at);
        return result;

        static List<string> Alternation(string p, ref int at)
        {
            var all = new List<string>();
            while (true)
            {
                all.AddRange(Sequence(p, ref at));
                if (at < p.Length && p[at] == '|')
                {
                    at++;
                    continue;
                }
                return all;
            }
        }

        static List<string> Sequence(string p, ref int at)
        {
            var texts = new List<string> { "" };
            while (at < p.Length && p[at] is not ('|' or ')'))
            {
                List<string> item;
                if (p.AsSpan(at).StartsWith("(?<!") || p.AsSpan(at).StartsWith("(?<=")
                    || p.AsSpan(at).StartsWith("(?!") || p.AsSpan(at).StartsWith("(?="))
                {
                    // Matches nothing itself: skipped to its closing parenthesis, character classes included.
                    for (int depth = 0; ; at++)
                    {
                        if (p[at] == '[') at = p.IndexOf(']', at);
                        else if (p[at] == '(') depth++;
                        else if (p[at] == ')' && --depth == 0) break;
                    }
                    at++;
                    item = [""];
                }
                else if (p[at] == '(')
                {
                    at += p.AsSpan(at).StartsWith("(?:") ? 3 : 1;
                    item = Alternation(p, ref at);
                    Assert.Equal(')', p[at++]);
                }
                else if (p[at] is '^' or '$')
                {
                    at++;
                    item = [""];
                }
                else if (p[at] is '[' or '\\' or '*' or '+' or '{' or '.' or '?')
                {
                    throw new NotSupportedException($"'{p[at]}' at {at} in /{p}/");
                }
                else
                {
                    item = [p[at++].ToString()];
                }
                if (at < p.Length && p[at] == '?')
                {
                    at++;
                    item.Add("");
                }
                texts = texts.SelectMany(t => item.Select(i => t + i)).ToList();
            }
            return texts;
        }
    }

    // ---- fixture pages ---------------------------------------------------------------------------

    public static TheoryData<string> Fixtures() =>
        new(Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Articles", "Fixtures")).Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task FixturePageMatchesItsExpectedResult(string slug)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Articles", "Fixtures", slug);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")));
        var e = expected.RootElement;
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "source.html"), Encoding.UTF8);
        var article = await Parse(html, e.GetProperty("url").GetString()!);

        Assert.Equal(e.GetProperty("isArticle").GetBoolean(), article.IsArticle);
        foreach (var (field, actual) in new (string, string?)[]
                 {
                     ("title", article.Title), ("byline", article.Byline), ("siteName", article.SiteName),
                     ("publishedTime", article.PublishedTime), ("language", article.Language),
                     ("excerpt", article.Excerpt), ("canonicalUrl", article.CanonicalUrl),
                 })
        {
            if (e.TryGetProperty(field, out var value))
            {
                Assert.True(value.GetString() == actual, $"{field}: expected \"{value.GetString()}\", got \"{actual}\"");
            }
        }
        if (e.TryGetProperty("tags", out var tags))
        {
            Assert.Equal(tags.EnumerateArray().Select(t => t.GetString()!), article.Tags.Take(tags.GetArrayLength()));
        }
        if (e.TryGetProperty("images", out var images))
        {
            Assert.Equal(images.EnumerateArray().Select(t => t.GetString()!), article.Images.Take(images.GetArrayLength()));
        }
        foreach (var fragment in e.GetProperty("textContains").EnumerateArray())
        {
            Assert.True(article.Text.Contains(fragment.GetString()!, StringComparison.Ordinal),
                $"text should contain \"{fragment.GetString()}\" but was:\n{article.Text}");
        }
        foreach (var fragment in e.GetProperty("textExcludes").EnumerateArray())
        {
            Assert.False(article.Text.Contains(fragment.GetString()!, StringComparison.Ordinal),
                $"text should not contain \"{fragment.GetString()}\" but was:\n{article.Text}");
        }
    }
}
