package io.momentum.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of stream entries so that no single document can stall the log: in bulk first; when the store
 * rejects the bulk, one entry at a time; an entry that is still rejected (or cannot be read) goes to the quarantine
 * with the error, and the batch counts as written. A store that does not answer fails the batch (nothing is quarantined).
 */
final class LogBatchWriter {
    private static final Logger log = LoggerFactory.getLogger(LogBatchWriter.class);

    /** One entry as read from its stream. */
    record StreamEntry(String stream, String id, Map<String, String> fields) {
    }

    private final EventSink sink;
    private final Runnable onQuarantine;

    LogBatchWriter(EventSink sink, Runnable onQuarantine) {
        this.sink = sink;
        this.onQuarantine = onQuarantine;
    }

    /** Returns how many entries went to the quarantine. */
    int write(List<StreamEntry> batch) {
        List<EventLog.Entry> entries = new ArrayList<>();
        List<StreamEntry> readable = new ArrayList<>();
        int quarantined = 0;
        for (StreamEntry entry : batch) {
            try {
                entries.add(EventLog.Entry.of(entry.fields()));
                readable.add(entry);
            } catch (RuntimeException e) {
                quarantine(entry, "unreadable stream entry: " + e);
                quarantined++;
            }
        }
        if (entries.isEmpty()) {
            return quarantined;
        }
        try {
            sink.write(entries);
            return quarantined;
        } catch (RejectedWrite e) {
            log.warn("event log rejected a bulk of {} entries, writing them one by one: {}", entries.size(), e.getMessage());
        }
        for (int i = 0; i < entries.size(); i++) {
            try {
                sink.writeOne(entries.get(i));
            } catch (RejectedWrite e) {
                quarantine(readable.get(i), e.getMessage());
                quarantined++;
            }
        }
        return quarantined;
    }

    /** Writes the quarantined entries again (after the cause was fixed); returns how many are still quarantined. */
    long retryQuarantined() {
        for (QuarantinedEntry entry : sink.quarantined()) {
            EventLog.Entry parsed;
            try {
                parsed = EventLog.Entry.of(entry.fields());
            } catch (RuntimeException e) {
                log.warn("quarantined stream entry {} {} is still unreadable: {}", entry.stream(), entry.id(), e.toString());
                continue;
            }
            try {
                sink.writeOne(parsed);
                sink.release(entry);
            } catch (RejectedWrite e) {
                log.warn("quarantined stream entry {} {} is still rejected: {}", entry.stream(), entry.id(), e.getMessage());
            }
        }
        return sink.quarantinedCount();
    }

    private void quarantine(StreamEntry entry, String error) {
        log.error("event log quarantined stream entry {} {}: {}", entry.stream(), entry.id(), error);
        sink.quarantine(new QuarantinedEntry(entry.stream(), entry.id(), entry.fields(), error));
        onQuarantine.run();
    }
}
