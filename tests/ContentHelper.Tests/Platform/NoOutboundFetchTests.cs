using System.Net;
using System.Net.Sockets;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ContentHelper.Shared.Articles;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;
using ContentHelper.Shared.Suggestions;
using ContentHelper.Tests.Contacts;
using ContentHelper.Tests.Infrastructure;
using ContentHelper.Tests.Suggestions;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// The server reads only what the extension sends: no URL a user supplies (page, canonical, images, scripts, links,
/// profiles, shares, imports) is ever fetched. A fetch would let one account make the server reach hosts of its choosing.
/// </summary>
public sealed class NoOutboundFetchTests : IDisposable
{
    // With the model, so that the background work a request starts (embedding its phrases) runs too.
    readonly ContentHelperApp app = new(withModel: true);
    readonly TcpListener trap = new(IPAddress.Loopback, 0);
    public void Dispose()
    {
        trap.Stop();
        trap.Dispose();
        app.Dispose();
    }

    [Fact]
    public async Task NoRouteConnectsToAHostNamedInARequest()
    {
        trap.Start();
        var port = ((IPEndPoint)trap.LocalEndpoint).Port;
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var connection = await trap.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                }
            }
            catch (OperationCanceledException) { }
        });
        // The trap counts: this test's own connection is the one expected.
        using (var probe = new TcpClient()) await probe.ConnectAsync(IPAddress.Loopback, port);

        var host = $"http://127.0.0.1:{port}";
        var url = $"{host}/2026/carbon-capture";
        var head = $"""
            <meta property="og:image" content="{host}/og.jpg"><meta property="og:url" content="{host}/og-url">
            <link rel="stylesheet" href="{host}/site.css"><link rel="amphtml" href="{host}/amp"><script src="{host}/app.js"></script>
            <script type="application/ld+json">{"{"}"@type":"NewsArticle","url":"{host}/ld","image":"{host}/ld.jpg","author":{"{"}"url":"{host}/author"{"}"}{"}"}</script>
            <meta http-equiv="refresh" content="0; url={host}/refresh"><base href="{host}/base/">
            """;
        var html = Pages.Article(Pages.CarbonTitle, [.. Pages.CarbonParagraphs, $"More at {host}/more."], $"{host}/canonical", head)
            .Replace("<p class=\"byline\">", $"<img src=\"{host}/photo.jpg\" srcset=\"{host}/photo-2x.jpg 2x\"><iframe src=\"{host}/embed\"></iframe><p class=\"byline\">");
        var client = await app.SignUpAsync();
        var contact = await (await client.Post("/api/contacts", new ContactRequest
        {
            Name = "Ben Fetch", Interests = ["carbon capture"], LinkedInUrl = $"{host}/in/ben",
        })).Read<ContactResponse>(HttpStatusCode.Created);
        await client.ImportText($"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Link,{host}/in/ada,,Acme,Engineer,01 Mar 2024\n");

        await Succeeds(await client.Post("/api/articles/parse", new ParseArticleRequest { Url = url, Html = html }));
        await Succeeds(await client.Post("/api/suggestions", new SuggestionsRequest { Url = url, Html = html }));
        await Succeeds(await client.Post("/api/articles/reading-list", new ParseArticleRequest { Url = url, Html = html }));
        await Succeeds(await client.Post("/api/shares", new CreateShareRequest
        {
            ContactIds = [contact.Id], Url = url, Title = "Carbon", Action = ShareAction.Send, Channel = Channel.Email, Message = $"See {host}/x", IdempotencyKey = "no-fetch-1",
        }));
        await Succeeds(await client.GetAsync($"/api/contacts/{contact.Id}/ideas"));
        await Succeeds(await client.GetAsync("/api/keep-in-touch"));

        // What the server does after answering is embedding the phrases the requests queued: wait for it to finish.
        await app.EmbeddedAsync();
        await stop.CancelAsync();
        await accepting;
        // A connection still waiting in the listener's queue would count as one too.
        Assert.Equal(1, connections + (trap.Pending() ? 1 : 0));
    }

    static async Task Succeeds(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public void TheApiAssemblyReferencesNoWayToOpenAConnection()
    {
        // The behaviour above covers today's routes; this covers tomorrow's: no HTTP client, socket or web request type
        // is referenced by the API's own code (the framework's server-side sockets are not the API's references).
        string[] clients = ["HttpClient", "HttpMessageInvoker", "HttpClientHandler", "SocketsHttpHandler", "IHttpClientFactory",
            "WebRequest", "HttpWebRequest", "WebClient", "Socket", "TcpClient", "UdpClient", "NetworkStream", "Ping"];
        string[] namespaces = ["System.Net", "System.Net.Http", "System.Net.Sockets", "System.Net.NetworkInformation"];
        static List<string> Referenced(System.Reflection.Assembly assembly)
        {
            using var pe = new PEReader(File.OpenRead(assembly.Location));
            var metadata = pe.GetMetadataReader();
            return [.. metadata.TypeReferences.Select(metadata.GetTypeReference).Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")];
        }
        bool Connects(string type) => namespaces.Any(n => clients.Any(c => type == $"{n}.{c}"));

        // The scan sees a client where there is one: these tests' own assembly uses HttpClient.
        Assert.Contains(Referenced(typeof(NoOutboundFetchTests).Assembly), Connects);
        Assert.DoesNotContain(Referenced(typeof(ContentHelper.Api.Articles.ArticleParser).Assembly), Connects);
    }
}
