package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;

/** One arm of an experiment: its key, relative weight (any scale) and the free-form payload the page applies. */
public record Variant(String key, double weight, JsonNode payload) {
}
