package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The survey choices a survey experiment offers, read from its variants' payloads the way the snippet renders
 * them: every {@code options} (or {@code choices}) list of a question, and {@code up}/{@code down} for a thumbs
 * scale. Tracking counts only these, so a client cannot turn free text into counter fields.
 */
public final class SurveyChoices {
    /** Longest choice the snippet sends (it cuts longer options to this). */
    public static final int MAX_LENGTH = 64;
    private static final Set<String> THUMBS = Set.of("up", "down");

    private SurveyChoices() {
    }

    /** Every choice any variant of {@code experiment} offers, each cut to {@link #MAX_LENGTH} as the snippet does. */
    public static Set<String> of(Experiment experiment) {
        Set<String> choices = new LinkedHashSet<>();
        experiment.variants().forEach(variant -> collect(variant.payload(), choices));
        return Set.copyOf(choices);
    }

    private static void collect(JsonNode node, Set<String> choices) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(item -> collect(item, choices));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if ((name.equals("options") || name.equals("choices")) && value.isArray()) {
                value.forEach(option -> {
                    if (option.isValueNode()) {
                        String text = option.asText();
                        choices.add(text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH));
                    }
                });
            } else if (name.equals("scale") && value.isTextual() && value.asText().equals("thumbs")) {
                choices.addAll(THUMBS);
            } else {
                collect(value, choices);
            }
        }
    }
}
