using Microsoft.Azure.Amqp;

namespace ChangeFeed.StandIns.ServiceBus.Internal;

/// <summary>A client's sender link to a topic or queue: unpacks batches, hands messages to the entity, answers Accepted.</summary>
internal static class SenderLinkHandler
{
    public static void Start(ReceivingAmqpLink link, EntityIntake intake)
    {
        intake.AttachSender(link);
        link.RegisterMessageListener(message =>
        {
            try
            {
                intake.Accept(MessageCodec.Unpack(message));
                link.DisposeMessage(message, AmqpConstants.AcceptedOutcome, true, false);
            }
            catch (Exception ex) when (ex is AmqpException or InvalidOperationException or System.Runtime.Serialization.SerializationException or InvalidCastException or ArgumentException)
            {
                link.DisposeMessage(message, new Microsoft.Azure.Amqp.Framing.Rejected { Error = Microsoft.Azure.Amqp.Framing.Error.FromException(ex) }, true, false);
            }
            finally
            {
                message.Dispose();
            }
        });
    }
}
