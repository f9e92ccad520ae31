using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// Plain AMQP on a loopback port: SASL offering MSSBCBS (and ANONYMOUS), both accepted without credentials,
/// then AMQP connections whose sessions and links go to the <see cref="LinkRouter"/>.
/// Connections can be refused (closed right after the handshake) or dropped (transport aborted).
/// </summary>
internal sealed class ConnectionListener : IDisposable
{
    private readonly HashSet<AmqpConnection> _connections = [];
    private readonly AmqpSettings _settings;
    private readonly Func<bool> _refuse;
    private AmqpTransportListener? _listener;
    private int _accepted;
    private int _refused;

    public ConnectionListener(IRuntimeProvider router, Func<bool> refuse)
    {
        _refuse = refuse;
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        _settings = new AmqpSettings { RuntimeProvider = router };
        _settings.TransportProviders.Add(sasl);
        _settings.TransportProviders.Add(amqp);
    }

    public int Port { get; private set; }
    public int Accepted => Volatile.Read(ref _accepted);
    public int Refused => Volatile.Read(ref _refused);

    public int OpenConnections
    {
        get { lock (_connections) { return _connections.Count; } }
    }

    public void Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreeLoopbackPort();
            var tcp = new TcpTransportSettings { Host = IPAddress.Loopback.ToString(), Port = port };
            var listener = new AmqpTransportListener([tcp.CreateListener()], _settings);
            try
            {
                listener.Listen(OnAcceptTransport);
                _listener = listener;
                Port = port;
                return;
            }
            catch (SocketException) when (attempt < 5)
            {
                listener.SafeClose();
            }
        }
    }

    /// <summary>Aborts every open connection (the client sees the socket go away) and returns how many.</summary>
    public int DropAll()
    {
        AmqpConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (AmqpConnection connection in open)
        {
            connection.Abort();
        }

        return open.Length;
    }

    public void Dispose()
    {
        _listener?.SafeClose();
        AmqpConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (AmqpConnection connection in open)
        {
            connection.SafeClose();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void OnAcceptTransport(TransportListener listener, TransportAsyncCallbackArgs args)
    {
        if (_refuse())
        {
            Interlocked.Increment(ref _refused);
            args.Transport.Abort();
            return;
        }

        Interlocked.Increment(ref _accepted);
        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = "changefeed-servicebus-stand-in",
            MaxFrameSize = 64 * 1024,
        };
        var connection = new AmqpConnection(args.Transport, (ProtocolHeader)args.UserToken, false, _settings, connectionSettings);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        connection.SafeAddClosed((_, _) =>
        {
            lock (_connections)
            {
                _connections.Remove(connection);
            }
        });
        _ = OpenAsync(connection);
    }

    private static async Task OpenAsync(AmqpConnection connection)
    {
        try
        {
            await connection.OpenAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmqpException or IOException or OperationCanceledException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            connection.SafeClose(ex);
        }
    }
}
