using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ContentHelper.Tests.Infrastructure;

/// <summary>
/// A loopback port that forwards to another (a database server), and can be cut: while down, every open connection is
/// dropped and new ones are closed as soon as they arrive, as when the database host goes away.
/// </summary>
public sealed class TcpForwarder : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint target;
    readonly ConcurrentDictionary<TcpClient, byte> open = new();
    readonly CancellationTokenSource stop = new();
    volatile bool down;

    public int Port { get; }

    public TcpForwarder(string host, int port)
    {
        target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public void Cut()
    {
        down = true;
        foreach (var client in open.Keys) Close(client);
    }

    public void Restore() => down = false;

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            if (down)
            {
                client.Dispose();
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    async Task PipeAsync(TcpClient client)
    {
        using var server = new TcpClient();
        open[client] = 0;
        open[server] = 0;
        try
        {
            await server.ConnectAsync(target, stop.Token);
            var a = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception) { }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    void Close(TcpClient client)
    {
        open.TryRemove(client, out _);
        try { client.Client?.Close(0); } catch (ObjectDisposedException) { } // closed by the other side's pump already
        client.Dispose();
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Dispose();
        foreach (var client in open.Keys) Close(client);
    }
}
