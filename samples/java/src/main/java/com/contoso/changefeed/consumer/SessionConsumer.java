package com.contoso.changefeed.consumer;

import com.azure.core.credential.TokenCredential;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Takes the next session of a session-enabled subscription until stopped; one message at a time per session, in
 * order, several sessions at once; the processor renews each session's lock while it holds the session.
 */
public final class SessionConsumer {
    private SessionConsumer() {
    }

    // region consume
    public static ServiceBusProcessorClient start(ServiceBusClientBuilder client, String topic, String subscription,
            Settlement settlement, int concurrentSessions) {
        ServiceBusProcessorClient processor = client
            .sessionProcessor()                                  // one session = one entity, handled in order
            .topicName(topic).subscriptionName(subscription)
            .maxConcurrentSessions(concurrentSessions)
            .maxConcurrentCalls(1)                               // per session: the next message after this one settled
            .maxAutoLockRenewDuration(Duration.ofMinutes(5))
            .disableAutoComplete()                               // settled explicitly, after the effect
            .processMessage(context -> settlement.settle(new Received(context)))
            .processError(context -> System.err.println("receiving from " + context.getEntityPath() + ": " + context.getException()))
            .buildProcessorClient();
        processor.start();
        return processor;
    }
    // endregion consume

    /** The processor's message context as Settlement sees it. */
    private record Received(ServiceBusReceivedMessageContext context) implements Settlement.Message {
        private ServiceBusReceivedMessage message() {
            return context.getMessage();
        }

        @Override public String messageId() { return message().getMessageId(); }
        @Override public String sessionId() { return message().getSessionId(); }
        @Override public String contentType() { return message().getContentType(); }
        @Override public byte[] body() { return message().getBody().toBytes(); }
        @Override public Map<String, Object> applicationProperties() { return message().getApplicationProperties(); }
        @Override public long deliveryCount() { return message().getDeliveryCount(); }
        @Override public void complete() { context.complete(); }
        @Override public void abandon() { context.abandon(); }

        @Override
        public void deadLetter(String reason, String description) {
            context.deadLetter(new DeadLetterOptions().setDeadLetterReason(reason).setDeadLetterErrorDescription(description));
        }
    }

    /** The namespace with the consumer's identity, or a connection string for local development. */
    public static ServiceBusClientBuilder client(String namespace, String connectionString, TokenCredential credential) {
        ServiceBusClientBuilder builder = new ServiceBusClientBuilder();
        return connectionString != null ? builder.connectionString(connectionString) : builder.fullyQualifiedNamespace(namespace).credential(credential);
    }
}
