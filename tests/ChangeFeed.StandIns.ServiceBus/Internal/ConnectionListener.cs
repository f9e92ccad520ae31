using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// Plain AMQP on a loopback port: SASL offering MSSBCBS (and ANONYMOUS), both accepted without credentials,
/// then AMQP connections whose sessions and links go to the <see cref="LinkRouter"/>. On request also AMQP over TLS
/// (<see cref="StartTls"/>), for clients that speak nothing else.
/// Connections can be refused (closed right after the handshake) or dropped (transport aborted).
/// </summary>
internal sealed class ConnectionListener : IDisposable
{
    private const int AmqpsPort = 5671;
    private readonly HashSet<AmqpConnection> _connections = [];
    private readonly AmqpSettings _settings;
    private readonly Func<bool> _refuse;
    private AmqpTransportListener? _listener;
    private AmqpTransportListener? _tlsListener;
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

    /// <summary>Where AMQP over TLS is served (after <see cref="StartTls"/>).</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

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

    /// <summary>
    /// Serves AMQP over TLS, from the first byte as the service's port 5671 does, on port 5671 of a loopback address
    /// of its own (127.x.y.z): the uamqp-based clients connect to port 5671 whatever the connection string says, and
    /// a free address keeps parallel test runs apart. The certificate is made for the address chosen.
    /// </summary>
    public X509Certificate2 StartTls(Func<IPAddress, X509Certificate2> certificateFor)
    {
        for (int attempt = 0; ; attempt++)
        {
            var address = new IPAddress([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);
            X509Certificate2 certificate = certificateFor(address);
            var tls = new TlsTransportSettings(new TcpTransportSettings { Host = address.ToString(), Port = AmqpsPort }, isInitiator: false)
            {
                Certificate = certificate,
            };
            var listener = new AmqpTransportListener([tls.CreateListener()], _settings);
            try
            {
                listener.Listen(OnAcceptTransport);
                _tlsListener = listener;
                TlsEndPoint = new IPEndPoint(address, AmqpsPort);
                return certificate;
            }
            catch (SocketException) when (attempt < 10)
            {
                listener.SafeClose();
                certificate.Dispose();
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
        _tlsListener?.SafeClose();
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
