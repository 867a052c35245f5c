package io.momentum.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON body of {@code POST /v1/events} ({@code {"events": [...]}}, DESIGN.md §7). */
public final class EventBatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode events = root.putArray("events");

    public EventBatch exposure(String visitor, String experiment, String id) {
        event("exposure", visitor, id).put("experiment", experiment);
        return this;
    }

    /** An exposure with the token {@code /v1/assign} issued for it (the server requires one by default). */
    public EventBatch exposure(String visitor, String experiment, String id, String token) {
        event("exposure", visitor, id).put("experiment", experiment).put("token", token);
        return this;
    }

    public EventBatch conversion(String visitor, String goal, String id) {
        event("conversion", visitor, id).put("goal", goal);
        return this;
    }

    public EventBatch survey(String visitor, String experiment, int score, String id) {
        event("survey", visitor, id).put("experiment", experiment).put("score", score);
        return this;
    }

    public EventBatch referral(String visitor, String experiment, String id) {
        event("referral", visitor, id).put("experiment", experiment);
        return this;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event batch of strings and numbers always serialises", e);
        }
    }

    private ObjectNode event(String type, String visitor, String id) {
        return events.addObject().put("type", type).put("visitor", visitor).put("id", id);
    }
}
