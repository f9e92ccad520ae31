using System.Runtime.CompilerServices;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>
/// A request/response node ($cbs, $management): requests arrive on the client's sender link, responses go back on a
/// reply link the same connection attached, as the service routes them. The clients name that link differently: the
/// .NET client sets the request's reply-to to the reply link's target address, the JavaScript client to the reply
/// link's name (its target is empty), and the Python clients send no reply-to at all (the reply goes on the reply
/// link attached in the requesting session). Reply links of one connection are never seen by another.
/// </summary>
internal abstract class RequestResponseNode
{
    private readonly ConditionalWeakTable<AmqpConnection, List<ReplyLink>> _replyLinks = [];

    public void Attach(AmqpLink link, string entity)
    {
        if (link is ReceivingAmqpLink requests)
        {
            requests.RegisterMessageListener(request => OnRequest(requests, request, entity));
            return;
        }

        var replies = (SendingAmqpLink)link;
        var reply = new ReplyLink(replies, entity, ((Target)replies.Settings.Target)?.Address?.ToString(), replies.Name);
        List<ReplyLink> table = _replyLinks.GetOrCreateValue(replies.Session.Connection);
        lock (table)
        {
            table.Add(reply);
        }

        replies.SafeAddClosed((_, _) =>
        {
            lock (table)
            {
                table.Remove(reply);
            }
        });
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

            SendingAmqpLink? replies = FindReplyLink(requests, request.Properties?.ReplyTo?.ToString(), entity);
            if (replies is null)
            {
                return;
            }

            AmqpMessage response = Handle(request, entity);
            response.Properties.CorrelationId = request.Properties?.MessageId;
            response.Settled = true;
            replies.SendMessageNoWait(response, AmqpConstants.EmptyBinary, AmqpConstants.NullBinary);
        }
    }

    private SendingAmqpLink? FindReplyLink(ReceivingAmqpLink requests, string? replyTo, string entity)
    {
        if (!_replyLinks.TryGetValue(requests.Session.Connection, out List<ReplyLink>? table))
        {
            return null;
        }

        lock (table)
        {
            // Newest first: a client that re-attaches under the same name means its newest link.
            for (int i = table.Count - 1; i >= 0; i--)
            {
                ReplyLink reply = table[i];
                bool match = string.IsNullOrEmpty(replyTo)
                    ? reply.Link.Session == requests.Session && string.Equals(reply.Entity, entity, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(reply.Target, replyTo, StringComparison.Ordinal) || string.Equals(reply.Name, replyTo, StringComparison.Ordinal);
                if (match)
                {
                    return reply.Link;
                }
            }
        }

        return null;
    }

    private sealed record ReplyLink(SendingAmqpLink Link, string Entity, string? Target, string Name);
}
