using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentHelper.IdentityProvider;

/// <summary>
/// A standards-compliant OpenID Connect provider for tests, built on OpenIddict: discovery document, JWKS, the
/// authorization endpoint (code flow, PKCE required) and the token endpoint, with RS256-signed id_tokens. Anyone who
/// types a user name on its sign-in form is that user: subject "user-{name}", name "{Name}", email "{name}@example.test".
/// Everything lives in memory, with ephemeral keys; it listens on loopback only.
/// </summary>
public sealed class IdentityProviderHost : IAsyncDisposable
{
    readonly WebApplication app;
    int signIns;

    public Uri Url { get; }

    /// <summary>How many sign-ins the form completed (each a code issued to a client).</summary>
    public int SignIns => Volatile.Read(ref signIns);

    IdentityProviderHost(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    /// <param name="url">Where to listen; port 0 picks a free one.</param>
    public static async Task<IdentityProviderHost> StartAsync(string url = "http://127.0.0.1:0", Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var database = "provider-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<ProviderDb>(o => o.UseInMemoryDatabase(database).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        IdentityProviderHost? host = null;
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => host!.Authorize(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new IdentityProviderHost(app, new Uri(address));
        await host.WarmUpAsync();
        return host;
    }

    /// <summary>
    /// Answers the discovery document and the keys once. A provider's first answer builds OpenIddict's whole pipeline
    /// (6 s in a process of its own here); paid inside a test's first sign-in it took 11-26 s on a busy machine and
    /// once overran the 60 s the app's back channel allows. Paid here, without a deadline, it no longer can.
    /// </summary>
    async Task WarmUpAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(5) };
        (await http.GetAsync(".well-known/openid-configuration")).EnsureSuccessStatusCode();
        (await http.GetAsync(".well-known/jwks")).EnsureSuccessStatusCode();
    }

    /// <summary>Registers a client: confidential with a secret, public without; only these redirect addresses are accepted.</summary>
    public async Task AddClientAsync(string clientId, string? secret, params Uri[] redirectUris)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            DisplayName = clientId,
        };
        foreach (var uri in redirectUris) descriptor.RedirectUris.Add(uri);
        descriptor.Permissions.UnionWith([
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        await manager.CreateAsync(descriptor);
    }

    /// <summary>
    /// OpenIddict has validated the request (client, redirect address, PKCE challenge) before this runs. Without a
    /// user name: the sign-in form, which posts the same request back with one. With one: that user is signed in.
    /// </summary>
    IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = ((string?)request["login"])?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(login)) return Results.Content(SignInForm(request), "text/html; charset=utf-8");

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "user-" + login)
            .SetClaim(Claims.Name, char.ToUpperInvariant(login[0]) + login[1..])
            .SetClaim(Claims.Email, login + "@example.test");
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        Interlocked.Increment(ref signIns);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    static string SignInForm(OpenIddictRequest request)
    {
        var html = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>Test provider sign-in</title></head><body>")
            .Append("<h1>Test provider</h1><form method=post action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
            html.Append("<input type=hidden name=\"").Append(HtmlEncoder.Default.Encode(name)).Append("\" value=\"")
                .Append(HtmlEncoder.Default.Encode((string?)value ?? "")).Append("\">");
        return html.Append("<label>User <input name=login id=login autocomplete=off></label> <button type=submit id=sign-in>Sign in</button></form></body></html>").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);

/// <summary>
/// Run alone (for the end-to-end tests): --urls http://127.0.0.1:PORT --client-id ID [--client-secret S] --redirect-uri URI…
/// Prints "Listening on URL" once it answers, and runs until stopped.
/// </summary>
public static class ProviderProgram
{
    public static async Task Main(string[] args)
    {
        string url = "http://127.0.0.1:0", clientId = "contenthelper";
        string? secret = null;
        var redirects = new List<Uri>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--urls": url = args[i + 1]; break;
                case "--client-id": clientId = args[i + 1]; break;
                case "--client-secret": secret = args[i + 1]; break;
                case "--redirect-uri": redirects.Add(new Uri(args[i + 1])); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        await using var host = await IdentityProviderHost.StartAsync(url, logging => logging.AddSimpleConsole());
        await host.AddClientAsync(clientId, secret, [.. redirects]);
        Console.WriteLine($"Listening on {host.Url}");
        var stop = new TaskCompletionSource();
        using var _ = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var __ = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
    }
}
