package io.momentum.tracking;

import java.util.Map;

/** A stream entry the event log could not store, kept with the store's error so that nothing behind it waits. */
public record QuarantinedEntry(String stream, String id, Map<String, String> fields, String error) {
    public QuarantinedEntry {
        fields = Map.copyOf(fields);
    }
}
