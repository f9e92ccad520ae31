package com.contoso.changefeed.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A CloudEvent read from a message: its attributes as strings (lsn included) and its data, or null data when the
 * data travelled by claim check (the {@code dataref} attribute).
 */
public record ReceivedEvent(Map<String, String> attributes, JsonNode data) {
    public String attribute(String name) {
        return attributes.get(name);
    }

    public ReceivedEvent withData(JsonNode claimChecked) {
        return new ReceivedEvent(attributes, claimChecked);
    }
}
