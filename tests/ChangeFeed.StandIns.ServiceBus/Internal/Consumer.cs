using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>A client's receive link: delivers locked messages as credit allows and applies its settlements.</summary>
internal sealed class Consumer
{
    private readonly object _sendGate = new();
    private readonly SendingAmqpLink _link;
    private readonly MessageStore _store;
    private readonly bool _settleOnSend;
    private long _credit;

    public Consumer(SendingAmqpLink link, MessageStore store)
    {
        _link = link;
        _store = store;
        _settleOnSend = link.Settings.SettleType == SettleMode.SettleOnSend;
    }

    /// <summary>The session this link holds, for session receivers.</summary>
    public string? SessionId { get; set; }

    /// <summary>Starts delivering once the link is open.</summary>
    public void Start()
    {
        _link.RegisterCreditListener(OnCredit);
        _link.RegisterDispositionListener(OnDisposition);
        _link.SafeAddClosed((_, _) => _store.Detach(this));
        _store.Attach(this);
    }

    /// <summary>Detaches the client's link with <paramref name="error"/> (its entity is gone).</summary>
    public void Close(AmqpException error) => _link.SafeClose(error);

    public void Pump()
    {
        lock (_sendGate)
        {
            DeliverWithinCredit();
        }
    }

    private void OnCredit(uint credit, bool drain, ArraySegment<byte> txnId)
    {
        lock (_sendGate)
        {
            _credit = credit == uint.MaxValue ? int.MaxValue : _credit + credit;
            DeliverWithinCredit();
            if (drain)
            {
                // Answer the drain with credit 0 and drain=true, as the service does: the JavaScript client waits for
                // that echo (rhea's receiver_drained) and closes its link without it, losing the locks of what it
                // received. The library's own answer after this returns carries no drain flag.
                _credit = 0;
                _link.IssueCredit(0, true, txnId);
            }
        }
    }

    private void DeliverWithinCredit()
    {
        if (_credit <= 0 || _link.State != AmqpObjectState.Opened)
        {
            return;
        }

        var taken = _store.Take(this, (int)Math.Min(_credit, int.MaxValue), _settleOnSend);
        _credit -= taken.Count;
        foreach (var (entry, lockToken) in taken)
        {
            AmqpMessage message = MessageCodec.Encode(entry.Message, BrokerAnnotations(entry, lockToken), (uint)entry.FailedDeliveries);
            message.Settled = _settleOnSend;
            _link.SendMessageNoWait(message, new ArraySegment<byte>(lockToken.ToByteArray()), AmqpConstants.NullBinary);
        }
    }

    private IEnumerable<KeyValuePair<string, object>> BrokerAnnotations(StoreEntry entry, Guid lockToken)
    {
        yield return new("x-opt-sequence-number", entry.SequenceNumber);
        yield return new("x-opt-enqueue-sequence-number", entry.SequenceNumber);
        yield return new("x-opt-enqueued-time", entry.EnqueuedTime);
        if (!_settleOnSend)
        {
            yield return new("x-opt-locked-until", entry.LockedUntil);
            yield return new("x-opt-lock-token", lockToken);
        }
    }

    private void OnDisposition(Delivery delivery)
    {
        DeliveryState echo = delivery.DeliveryTag.Count == 16
            ? _store.Settle(new Guid(delivery.DeliveryTag.AsSpan()), delivery.State)
            : delivery.State;
        if (!delivery.Settled)
        {
            _link.DisposeDelivery(delivery, true, echo);
        }

        delivery.Dispose();
    }
}
