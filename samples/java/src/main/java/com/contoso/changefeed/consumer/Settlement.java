package com.contoso.changefeed.consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Settles every message explicitly: complete after the handler succeeded, dead-letter with a reason what can never
 * be handled, abandon what a retry may fix (it comes back to its session, before the session's later messages).
 * Free of the Service Bus client so that the rules can be checked without a broker; {@link SessionConsumer} wires it.
 */
public final class Settlement {
    /** One received message, as the session processor's context offers it. */
    public interface Message {
        String messageId();

        String sessionId();

        String contentType();

        byte[] body();

        java.util.Map<String, Object> applicationProperties();

        long deliveryCount();

        void complete();

        void abandon();

        void deadLetter(String reason, String description);
    }

    /** Reads a claim check's data; throws UndecodableEvent when refused or gone, anything else to retry. */
    @FunctionalInterface
    public interface ClaimCheck {
        byte[] read(String dataref) throws Exception;
    }

    private final ClaimCheck claimCheck;
    private final ChangeApplier applier;
    private final Consumer<ObjectNode> report;
    private final int maxDeliveryAttempts;

    public Settlement(ClaimCheck claimCheck, ChangeApplier applier, Consumer<ObjectNode> report, int maxDeliveryAttempts) {
        this.claimCheck = claimCheck;
        this.applier = applier;
        this.report = report;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    // region settle
    public void settle(Message message) {
        try {
            ReceivedEvent event = CloudEventDecoder.decode(message.messageId(), message.contentType(), message.body(), message.applicationProperties());
            String dataref = event.attribute("dataref");
            if (event.data() == null && dataref != null) {
                if (claimCheck == null) throw new UndecodableEvent("ClaimCheckRefused", "dataref " + dataref + ", but no claim check account is configured");
                event = event.withData(CloudEventDecoder.parse(claimCheck.read(dataref), message.messageId()));
            }
            applier.handle(event, message.sessionId());
            message.complete();                                  // only after the effect
        } catch (UndecodableEvent e) {
            deadLetter(message, e.reason(), e.getMessage());
        } catch (Exception e) {
            if (message.deliveryCount() >= maxDeliveryAttempts) {
                deadLetter(message, "MaxDeliveryAttemptsExceeded", "failed " + message.deliveryCount() + " times; last error: " + e.getMessage());
            } else {
                message.abandon();
                report.accept(CloudEventDecoder.JSON.createObjectNode().put("abandoned", message.messageId()).put("error", String.valueOf(e.getMessage())));
            }
        }
    }
    // endregion settle

    private void deadLetter(Message message, String reason, String description) {
        String text = String.valueOf(description);
        message.deadLetter(reason, text.length() > 4096 ? text.substring(0, 4096) : text);
        report.accept(CloudEventDecoder.JSON.createObjectNode().put("deadLettered", message.messageId()).put("reason", reason).put("description", text));
    }
}
