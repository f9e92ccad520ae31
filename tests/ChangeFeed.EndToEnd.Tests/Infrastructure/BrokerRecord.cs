using ChangeFeed.StandIns.ServiceBus;

namespace ChangeFeed.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the Service Bus stand-in accepted on a topic, after duplicate detection, in arrival order: the broker's own
/// record. Outage scenarios count on it because the outage also drops the test's receiver, and a receive-and-delete
/// receiver loses what was in flight to it; the guarantee under test is that the broker got every event once.
/// </summary>
internal static class BrokerRecord
{
    public static IReadOnlyList<ReceivedEvent> Accepted(ServiceBusStandIn standIn, string topic) =>
        standIn.Topic(topic).AcceptedMessages
            .Select(m => new ReceivedEvent(
                m.MessageId ?? string.Empty,
                m.SessionId,
                m.Subject,
                m.ApplicationProperties.GetValueOrDefault("cloudEvents_subject") as string,
                m.SequenceNumber,
                m.BodyText)
            {
                Delivery = m.ApplicationProperties.GetValueOrDefault("changefeed_delivery") as string,
                To = m.To,
                Lsn = long.TryParse(m.ApplicationProperties.GetValueOrDefault("cloudEvents_lsn") as string, out var lsn) ? lsn : null,
            })
            .ToList();
}
