using Azure.Messaging.ServiceBus;
using ChangeFeed.Envelope;
using ChangeFeed.ServiceBus;

namespace ChangeFeed.Contract.Tests;

/// <summary>Messages as the relay's encoder writes them, seen as a subscriber receives them.</summary>
internal static class Wire
{
    public static WireMessage Encode(IntegrationEvent integrationEvent) => Of(new EnvelopeEncoder().Encode(integrationEvent));

    public static WireMessage Of(ServiceBusMessage message) => new(
        message.MessageId,
        message.SessionId,
        message.Subject,
        message.ContentType,
        message.CorrelationId,
        message.To,
        message.ApplicationProperties.ToDictionary(property => property.Key, property => (object?)property.Value),
        message.Body.ToMemory());

    public static WireMessage WithProperty(this WireMessage message, string name, object? value)
    {
        var properties = message.ApplicationProperties.ToDictionary();
        properties[name] = value;
        return message with { ApplicationProperties = properties };
    }

    public static WireMessage WithoutProperty(this WireMessage message, string name) =>
        message with { ApplicationProperties = message.ApplicationProperties.Where(property => property.Key != name).ToDictionary() };
}
