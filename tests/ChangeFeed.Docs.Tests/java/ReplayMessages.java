import com.contoso.changefeed.consumer.ChangeApplier;
import com.contoso.changefeed.consumer.ClaimCheckLocation;
import com.contoso.changefeed.consumer.CloudEventDecoder;
import com.contoso.changefeed.consumer.MemoryInbox;
import com.contoso.changefeed.consumer.NewestState;
import com.contoso.changefeed.consumer.Settlement;
import com.contoso.changefeed.consumer.UndecodableEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Test driver (not part of the sample): feeds the Java sample's Settlement the messages the relay's encoder made,
 * one JSON line each on stdin, in place of the Service Bus session processor, and a claim check store in place of
 * Blob Storage. It prints the sample's report lines and how each message was settled.
 * Line: {"messageId","sessionId","contentType","body" (base64),"properties":{...},"deliveryCount"} or {"blob","text"}.
 */
public final class ReplayMessages {
    public static void main(String[] args) throws Exception {
        URI account = URI.create(args[0]);
        Consumer<ObjectNode> report = fact -> System.out.println(fact);
        Map<String, byte[]> blobs = new HashMap<>();
        Settlement.ClaimCheck store = dataref -> {
            ClaimCheckLocation location = ClaimCheckLocation.of(account, dataref);
            byte[] data = blobs.get(location.container() + "/" + location.blobName());
            if (data == null) throw new UndecodableEvent("ClaimCheckExpired", "nothing is stored at " + dataref);
            return data;
        };
        ChangeApplier applier = new ChangeApplier(new MemoryInbox(), new NewestState<>(), report);
        Settlement settlement = new Settlement(store, applier, report, 5);

        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            JsonNode input = CloudEventDecoder.JSON.readTree(line);
            if (input.has("blob")) {
                blobs.put(input.get("blob").textValue(), input.get("text").textValue().getBytes(StandardCharsets.UTF_8));
                continue;
            }
            settlement.settle(new Recorded(input, report));
        }
        applier.reportStates();
    }

    private record Recorded(JsonNode input, Consumer<ObjectNode> report) implements Settlement.Message {
        @Override public String messageId() { return input.get("messageId").textValue(); }
        @Override public String sessionId() { return input.get("sessionId").textValue(); }
        @Override public String contentType() { return input.path("contentType").textValue(); }
        @Override public byte[] body() { return Base64.getDecoder().decode(input.get("body").textValue()); }
        @Override public long deliveryCount() { return input.get("deliveryCount").longValue(); }

        @Override
        public Map<String, Object> applicationProperties() {
            Map<String, Object> properties = new HashMap<>();
            input.get("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), p.getValue().isTextual() ? p.getValue().textValue() : p.getValue().numberValue()));
            return properties;
        }

        @Override public void complete() { settled("completed", null); }
        @Override public void abandon() { settled("abandoned", null); }
        @Override public void deadLetter(String reason, String description) { settled("deadLettered", reason); }

        private void settled(String how, String reason) {
            report.accept(CloudEventDecoder.JSON.createObjectNode().put("settled", messageId()).put("as", how).put("reason", reason));
        }
    }
}
