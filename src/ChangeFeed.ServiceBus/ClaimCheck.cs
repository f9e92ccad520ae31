using Azure.Messaging.ServiceBus;
using ChangeFeed.Configuration;
using ChangeFeed.Envelope;
using ChangeFeed.Publishing;

namespace ChangeFeed.ServiceBus;

/// <summary>
/// Carries an event too large for a message on its topic: its data goes to the claim check store first, then a
/// message with the CloudEvent's attributes, <c>dataref</c> (the data's URI) and no data takes the event's place in
/// the order. Nothing is sent for an event whose data could not be stored: the failure fails the publish, like a
/// failed send, so the change feed batch is not checkpointed and is relayed again (the same blob is overwritten).
/// </summary>
public sealed class ClaimCheck(EnvelopeEncoder encoder, IClaimCheckStore? store = null)
{
    /// <summary>
    /// The message that refers to the event's stored data; null when the event is to be parked instead (its route
    /// says <c>park</c>, or no store is configured). Throws <see cref="PublishFailedException"/> when storing fails.
    /// </summary>
    public async Task<ServiceBusMessage?> ReferToAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (store is null || integrationEvent.LargeEvents != LargeEventHandling.ClaimCheck)
            return null;

        Uri dataRef;
        try
        {
            dataRef = await store.StoreAsync(integrationEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new PublishFailedException(
                $"Storing the data of event {integrationEvent.Id} ({integrationEvent.Data.Length} bytes, too large for Service Bus topic '{integrationEvent.Topic}') "
                + $"in the claim check store failed, so nothing was sent for it; the change feed batch will be retried. {exception.Message}",
                exception);
        }

        return encoder.Encode(integrationEvent with { Data = ReadOnlyMemory<byte>.Empty, DataRef = dataRef });
    }
}
