package com.contoso.changefeed.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a CloudEvent from a received Service Bus message, in either content mode the relay publishes. Not the
 * CloudEvents SDK's binary-mode conversion: it drops extension attributes such as lsn, originalid and dataref.
 */
public final class CloudEventDecoder {
    private static final String PREFIX = "cloudEvents_";
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");

    // region decode
    /**
     * Every number keeps its digits (BigInteger and BigDecimal, never double). Jackson reads 1,000 levels of nesting
     * by default (StreamReadConstraints since 2.15), more than the 130 an event can have; keep it at least that.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))  // 1.50 stays 1.50, 100.0 does not become 1E+2
        .build();

    /** The message's event; throws UndecodableEvent (dead-letter it) when it is not a CloudEvent this consumer reads. */
    public static ReceivedEvent decode(String messageId, String contentType, byte[] body, Map<String, Object> applicationProperties)
            throws UndecodableEvent {
        Map<String, String> attributes = new HashMap<>();
        if (contentType != null && contentType.startsWith(STRUCTURED)) {
            JsonNode envelope = parse(body, messageId);
            if (!(envelope instanceof ObjectNode object)) {
                throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": a structured event must be a JSON object");
            }
            if (object.has("data_base64")) {
                throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": binary data (data_base64) where JSON was expected");
            }
            object.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("data")) attributes.put(f.getKey(), f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString());
            });
            return checked(new ReceivedEvent(attributes, object.get("data")), messageId);
        }
        applicationProperties.forEach((key, value) -> {           // binary mode: every extension too
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) attributes.put(key.substring(PREFIX.length()), String.valueOf(value));
        });
        if (contentType != null && !contentType.isEmpty()) attributes.put("datacontenttype", contentType);
        return checked(new ReceivedEvent(attributes, body.length > 0 ? parse(body, messageId) : null), messageId);
    }
    // endregion decode

    /** Parses data read from a claim check the same way. */
    public static JsonNode parse(byte[] json, String messageId) throws UndecodableEvent {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": the JSON does not parse: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": the JSON does not read: " + e.getMessage());
        }
    }

    private static ReceivedEvent checked(ReceivedEvent event, String messageId) throws UndecodableEvent {
        for (String name : REQUIRED) {
            String value = event.attribute(name);
            if (value == null || value.isEmpty()) {
                throw new UndecodableEvent("InvalidEvent", "message " + messageId + " is not a CloudEvent: no '" + name + "' attribute");
            }
        }
        if (!"1.0".equals(event.attribute("specversion"))) {
            throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": CloudEvents " + event.attribute("specversion") + " is not read here");
        }
        String lsn = event.attribute("lsn");
        if (lsn != null && !DECIMAL.matcher(lsn).matches()) {
            throw new UndecodableEvent("InvalidEvent", "message " + messageId + ": lsn '" + lsn + "' is not a decimal integer");
        }
        return event;
    }

    private CloudEventDecoder() {
    }
}
