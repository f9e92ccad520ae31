using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using ChangeFeed.StandIns.ServiceBus.Internal;

namespace ChangeFeed.StandIns.ServiceBus;

/// <summary>
/// Test infrastructure: an in-process AMQP 1.0 broker on 127.0.0.1 that the real Azure.Messaging.ServiceBus
/// client works against for the subset described in README.md. Not an emulator.
/// </summary>
public sealed class ServiceBusStandIn : IAsyncDisposable, IEntityDirectory
{
    /// <summary>The Service Bus emulator's well-known development key: the one key whose signatures the stand-in accepts.</summary>
    public const string DevelopmentKey = "SAS_KEY_VALUE";

    /// <summary>The name of the shared access rule <see cref="DevelopmentKey"/> belongs to.</summary>
    public const string DevelopmentKeyName = "RootManageSharedAccessKey";

    /// <summary>Largest message (or batch) a sender may send: the Standard tier's 256 KB.</summary>
    public const long DefaultMaxMessageSize = 256 * 1024;

    internal static readonly TimeSpan DefaultLockDuration = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, EntityIntake> _intakes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, MessageStore> _stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StandInTopic> _topics = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StandInQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConnectionListener _listener;
    private readonly ITimer _lockSweep;
    private long _outageUntilTicks;

    private X509Certificate2? _tlsCertificate;

    private ServiceBusStandIn(long maxMessageSize, TimeProvider time)
    {
        Time = time;
        _listener = new ConnectionListener(new LinkRouter(this, (ulong)maxMessageSize, new CbsNode(DevelopmentKeyName, DevelopmentKey, time)), IsRefusing);
        _lockSweep = time.CreateTimer(_ => SweepLocks(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    internal TimeProvider Time { get; }

    /// <summary>The loopback port the stand-in listens on.</summary>
    public int Port => _listener.Port;

    /// <summary>A connection string for <c>new ServiceBusClient(...)</c>: plain AMQP, development key.</summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={DevelopmentKeyName};SharedAccessKey={DevelopmentKey};UseDevelopmentEmulator=true;";

    /// <summary>
    /// Where AMQP over TLS is served (started with <c>tls: true</c>): port 5671 of a loopback address of the stand-in's
    /// own, 127.x.y.z, beside the plain port.
    /// </summary>
    public System.Net.IPEndPoint TlsEndPoint => _listener.TlsEndPoint ?? throw NoTls();

    /// <summary>
    /// The TLS listener's certificate in PEM (self-signed for its address, made at start, never stored): what a client
    /// must be told to trust.
    /// </summary>
    public string TlsCertificatePem => _tlsCertificate?.ExportCertificatePem() ?? throw NoTls();

    /// <summary>
    /// A connection string for clients that speak AMQP over TLS only (the Python clients on uamqp): the TLS address,
    /// development key, no <c>UseDevelopmentEmulator</c> (which means plain AMQP to the clients that know it).
    /// </summary>
    public string TlsConnectionString =>
        $"Endpoint=sb://{TlsEndPoint.Address}/;SharedAccessKeyName={DevelopmentKeyName};SharedAccessKey={DevelopmentKey}";

    /// <summary>While true, new connections are closed right after the transport handshake.</summary>
    public bool RefuseConnections { get; set; }

    public int ConnectionsAccepted => _listener.Accepted;

    public int ConnectionsRefused => _listener.Refused;

    public int OpenConnections => _listener.OpenConnections;

    public IReadOnlyCollection<StandInTopic> Topics => [.. _topics.Values];

    /// <summary>
    /// Starts listening on a free loopback port, and with <paramref name="tls"/> on a second one for AMQP over TLS
    /// (<see cref="TlsEndPoint"/>, <see cref="TlsCertificatePem"/>, <see cref="TlsConnectionString"/>).
    /// </summary>
    public static Task<ServiceBusStandIn> StartAsync(long maxMessageSize = DefaultMaxMessageSize, TimeProvider? time = null, bool tls = false)
    {
        var standIn = new ServiceBusStandIn(maxMessageSize, time ?? TimeProvider.System);
        standIn._listener.Start();
        if (tls)
        {
            standIn._tlsCertificate = standIn._listener.StartTls(LoopbackCertificate.For);
        }

        return Task.FromResult(standIn);
    }

    /// <summary>
    /// Declares a topic. A <paramref name="partitioned"/> topic refuses a batch whose messages carry different partition
    /// keys (session id, else partition key, else with duplicate detection the message id), as Service Bus refuses it on
    /// a Standard topic with partitioning or in a Premium namespace with partitions.
    /// </summary>
    public StandInTopic AddTopic(string name, TimeSpan? duplicateDetectionWindow = null, bool partitioned = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var topic = new StandInTopic(this, name, duplicateDetectionWindow, partitioned);
        if (!_topics.TryAdd(name, topic) || !_intakes.TryAdd(name, topic.Intake))
        {
            throw new InvalidOperationException($"An entity named '{name}' is already declared.");
        }

        return topic;
    }

    /// <summary>
    /// Deletes a topic, its subscriptions and every message they hold, as deleting the entity does in Service Bus:
    /// links already open to it are detached with <c>amqp:not-found</c> (a sender's next send fails with
    /// <c>MessagingEntityNotFound</c>, a receiver stops) and new links are refused. Also keeps a long-running process
    /// (a benchmark) from holding what it no longer reads. False if there was none.
    /// </summary>
    public bool RemoveTopic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_topics.TryRemove(name, out StandInTopic? topic))
        {
            return false;
        }

        _intakes.TryRemove(name, out _);
        topic.Intake.Remove();
        string subscriptions = topic.Name + "/Subscriptions/";
        foreach (string path in _stores.Keys.Where(path => path.StartsWith(subscriptions, StringComparison.OrdinalIgnoreCase)))
        {
            if (_stores.TryRemove(path, out MessageStore? store) && store.DeadLetters is not null)
            {
                store.Remove();
            }
        }

        return true;
    }

    public StandInQueue AddQueue(string name, bool requiresSession = false, TimeSpan? duplicateDetectionWindow = null, TimeSpan? lockDuration = null, int maxDeliveryCount = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var store = new MessageStore(name, requiresSession, lockDuration ?? DefaultLockDuration, maxDeliveryCount, false, Time);
        var queue = new StandInQueue(name, store, new EntityIntake(name, duplicateDetectionWindow, Time));
        if (!_queues.TryAdd(name, queue) || !_intakes.TryAdd(name, queue.Intake))
        {
            throw new InvalidOperationException($"An entity named '{name}' is already declared.");
        }

        Register(store);
        return queue;
    }

    public StandInTopic Topic(string name) =>
        _topics.TryGetValue(name, out StandInTopic? topic) ? topic : throw new KeyNotFoundException($"No topic '{name}' is declared.");

    public StandInQueue Queue(string name) =>
        _queues.TryGetValue(name, out StandInQueue? queue) ? queue : throw new KeyNotFoundException($"No queue '{name}' is declared.");

    /// <summary>Aborts every open connection now (as a network failure would); returns how many.</summary>
    public int DropConnections() => _listener.DropAll();

    /// <summary>
    /// An outage: drops every connection now and refuses new ones for <paramref name="duration"/>.
    /// The outage is in effect when this method returns its task; the task completes when the outage ends,
    /// so <c>await FailFor(...)</c> waits it out, and not awaiting it lets a test act during the outage.
    /// </summary>
    public async Task FailFor(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        long until = (Time.GetUtcNow() + duration).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _outageUntilTicks);
        }
        while (current < until && Interlocked.CompareExchange(ref _outageUntilTicks, until, current) != current);

        _listener.DropAll();
        await Task.Delay(duration, Time, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _lockSweep.Dispose();
        _listener.Dispose();
        _tlsCertificate?.Dispose();
        return ValueTask.CompletedTask;
    }

    EntityIntake? IEntityDirectory.FindIntake(string path) => _intakes.GetValueOrDefault(path);

    MessageStore? IEntityDirectory.FindStore(string path) => _stores.GetValueOrDefault(path);

    internal void Register(MessageStore store)
    {
        _stores[store.Path] = store;
        if (store.DeadLetters is { } deadLetters)
        {
            _stores[deadLetters.Path] = deadLetters;
        }
    }

    private static InvalidOperationException NoTls() => new("Started without TLS: pass tls: true to StartAsync.");

    private bool IsRefusing() => RefuseConnections || Time.GetUtcNow().UtcTicks < Interlocked.Read(ref _outageUntilTicks);

    private void SweepLocks()
    {
        foreach (MessageStore store in _stores.Values)
        {
            store.PumpAll();
        }
    }
}
