using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// A request/response node ($cbs, $management): requests arrive on the client's sender link, responses go
/// back on the client's receiver link whose target address is the request's reply-to, correlated by message id.
/// </summary>
internal abstract class RequestResponseNode
{
    private readonly ConcurrentDictionary<string, SendingAmqpLink> _replyLinks = new(StringComparer.Ordinal);

    public void Attach(AmqpLink link, string entity)
    {
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(request => OnRequest(requests, request, entity));
            return;
        }

        var replies = (SendingAmqpLink)link;
        string replyTo = ((Target)replies.Settings.Target).Address?.ToString() ?? string.Empty;
        _replyLinks[replyTo] = replies;
        replies.SafeAddClosed((_, _) => _replyLinks.TryRemove(new KeyValuePair<string, SendingAmqpLink>(replyTo, replies)));
    }

    protected abstract AmqpMessage Handle(AmqpMessage request, string entity);

    private void OnRequest(ReceivingAmqpLink requests, AmqpMessage request, string entity)
    {
        using (request)
        {
            if (!request.Settled)
            {
                requests.DisposeMessage(request, AmqpConstants.AcceptedOutcome, true, false);
            }

            string? replyTo = request.Properties?.ReplyTo?.ToString();
            if (replyTo is null || !_replyLinks.TryGetValue(replyTo, out SendingAmqpLink? replies))
            {
                return;
            }

            AmqpMessage response = Handle(request, entity);
            response.Properties.CorrelationId = request.Properties!.MessageId;
            response.Settled = true;
            replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
        }
    }
}
