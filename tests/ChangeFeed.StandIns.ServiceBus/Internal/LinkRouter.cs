using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transport;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// Decides what each attach from the client is: a CBS or management request/response link, a sender
/// to a topic or queue, or a receiver on a subscription, queue or dead-letter queue.
/// </summary>
internal sealed class LinkRouter(IEntityDirectory entities, ulong maxMessageSize, CbsNode cbs) : IRuntimeProvider
{
    internal static readonly AmqpSymbol SessionFilter = "com.microsoft:session-filter";
    internal static readonly AmqpSymbol LockedUntilUtc = "com.microsoft:locked-until-utc";
    private static readonly AmqpSymbol TimeoutProperty = "com.microsoft:timeout";
    private const string ManagementSuffix = "/$management";

    private readonly ManagementNode _management = new(entities);

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, isInitiator, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        if (settings.IsReceiver())
        {
            settings.MaxMessageSize = maxMessageSize;
            return new ReceivingAmqpLink(session, settings);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state) =>
        TaskToAsyncResult.Begin(OpenLinkAsync(link, timeout), callback, state);

    public void EndOpenLink(IAsyncResult result) => TaskToAsyncResult.End(result);

    private async Task OpenLinkAsync(AmqpLink link, TimeSpan timeout)
    {
        string address = Normalize(link.IsReceiver ? ((Target)link.Settings.Target).Address : ((Source)link.Settings.Source).Address);
        if (address == "$cbs")
        {
            cbs.Attach(link, address);
            return;
        }

        if (address.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            string entity = address[..^ManagementSuffix.Length];
            _ = entities.FindStore(entity) ?? throw NotFound(entity);
            _management.Attach(link, entity);
            return;
        }

        if (link is ReceivingAmqpLink fromClient)
        {
            EntityIntake intake = entities.FindIntake(address) ?? throw NotFound(address);
            SenderLinkHandler.Start(fromClient, intake);
            return;
        }

        MessageStore store = entities.FindStore(address) ?? throw NotFound(address);
        var consumer = new Consumer((SendingAmqpLink)link, store);
        Source source = (Source)link.Settings.Source;
        bool sessionReceiver = source.FilterSet?.TryGetValue<object>(SessionFilter, out _) == true;
        if (store.RequiresSession != sessionReceiver)
        {
            throw new AmqpException(AmqpErrorCode.NotAllowed, store.RequiresSession
                ? $"'{address}' requires sessions: accept a session to receive from it."
                : $"'{address}' does not require sessions: session receivers cannot attach to it.");
        }

        if (sessionReceiver)
        {
            string? wanted = source.FilterSet![SessionFilter] as string;
            TimeSpan wait = link.Settings.Properties?.TryGetValue(TimeoutProperty, out uint ms) == true ? TimeSpan.FromMilliseconds(ms) : timeout;
            var (sessionId, lockedUntil) = await store.Sessions.LockAsync(consumer, wanted, wait, CancellationToken.None).ConfigureAwait(false);
            source.FilterSet[SessionFilter] = sessionId;
            link.Settings.Properties ??= new Fields();
            link.Settings.Properties[LockedUntilUtc] = lockedUntil.Ticks;
        }

        consumer.Start();
    }

    private static string Normalize(Address? address)
    {
        string text = address?.ToString() ?? throw new AmqpException(AmqpErrorCode.InvalidField, "Address not set.");
        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "sb" or "amqp" or "amqps")
        {
            text = uri.AbsolutePath;
        }

        return text.Trim('/');
    }

    private static AmqpException NotFound(string address) =>
        new(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found (declare it on the stand-in first).");
}

/// <summary>How the router finds declared entities by path (case-insensitive).</summary>
internal interface IEntityDirectory
{
    EntityIntake? FindIntake(string path);

    MessageStore? FindStore(string path);
}
