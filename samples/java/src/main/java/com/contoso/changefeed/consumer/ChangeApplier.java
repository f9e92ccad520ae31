package com.contoso.changefeed.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.function.Consumer;

/** Your effect goes here: this one keeps the newest state of each entity and reports what it did. */
public final class ChangeApplier {
    public record State(String type, boolean deleted, JsonNode data) {
    }

    private final Inbox inbox;
    private final NewestState<State> state;
    private final Consumer<ObjectNode> report;

    public ChangeApplier(Inbox inbox, NewestState<State> state, Consumer<ObjectNode> report) {
        this.inbox = inbox;
        this.state = state;
        this.report = report;
    }

    // region handle
    public void handle(ReceivedEvent event, String sessionId) throws Exception {
        String id = event.attribute("id");
        String change = event.attributes().getOrDefault("originalid", id); // a backfilled copy: the live event's id
        String entity = event.attribute("source") + " " + event.attributes().getOrDefault("subject", sessionId);
        String type = event.attribute("type");
        String lsn = event.attribute("lsn");
        boolean[] kept = {true};
        boolean applied = inbox.handleOnce(change, () -> {
            State value = new State(type, type.endsWith(".deleted") || type.contains(".deleted."), event.data());
            if (lsn == null) state.put(entity, value);
            else kept[0] = state.keepNewest(entity, new BigInteger(lsn), value);
        });
        ObjectNode fact = CloudEventDecoder.JSON.createObjectNode();
        if (applied) {
            fact.put("applied", change).put("id", id).put("entity", entity).put("lsn", lsn).put("kept", kept[0])
                .put("data", CloudEventDecoder.JSON.writeValueAsString(event.data()));
        } else {
            fact.put("duplicate", change).put("id", id);
        }
        report.accept(fact);
    }
    // endregion handle

    /** Each entity's state, reported when the consumer stops. */
    public void reportStates() throws Exception {
        for (var entry : state.entries().entrySet()) {
            var kept = entry.getValue();
            report.accept(CloudEventDecoder.JSON.createObjectNode().put("state", entry.getKey())
                .put("lsn", kept.lsn() == null ? null : kept.lsn().toString()).put("deleted", kept.state().deleted())
                .put("data", CloudEventDecoder.JSON.writeValueAsString(kept.state().data())));
        }
    }
}
