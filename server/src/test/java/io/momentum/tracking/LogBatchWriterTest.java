package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One document the store rejects never holds back the others; a store that does not answer quarantines nothing. */
class LogBatchWriterTest {
    private final FakeSink sink = new FakeSink();
    private final AtomicInteger counted = new AtomicInteger();
    private final LogBatchWriter writer = new LogBatchWriter(sink, counted::incrementAndGet);

    @Test
    void aRejectedDocumentIsQuarantinedAndTheRestIsWritten() {
        sink.poison = "e2";
        int quarantined = writer.write(List.of(entry("1-0", "e1"), entry("2-0", "e2"), entry("3-0", "e3")));

        assertEquals(1, quarantined);
        assertEquals(List.of("e1", "e3"), sink.stored);
        assertEquals(1, counted.get());
        QuarantinedEntry q = sink.quarantine.get(0);
        assertEquals("2-0", q.id());
        assertEquals("stream-a", q.stream());
        assertEquals(entry("2-0", "e2").fields(), q.fields());
        assertTrue(q.error().contains("rejected e2"), q.error());
    }

    @Test
    void aBulkTheStoreAcceptsIsWrittenInOneCall() {
        assertEquals(0, writer.write(List.of(entry("1-0", "e1"), entry("2-0", "e2"))));
        assertEquals(List.of("e1", "e2"), sink.stored);
        assertEquals(1, sink.bulkCalls);
        assertEquals(0, counted.get());
    }

    @Test
    void anUnreadableEntryIsQuarantinedWithoutReachingTheStore() {
        Map<String, String> broken = Map.of(StreamFields.EVENT, "{not json", StreamFields.EXPERIMENT, "pricing-hero");
        assertEquals(1, writer.write(List.of(new LogBatchWriter.StreamEntry("stream-a", "1-0", broken), entry("2-0", "e2"))));
        assertEquals(List.of("e2"), sink.stored);
        assertTrue(sink.quarantine.get(0).error().startsWith("unreadable stream entry"));
    }

    @Test
    void aStoreThatDoesNotAnswerFailsTheBatchAndQuarantinesNothing() {
        sink.down = true;
        assertThrows(IllegalStateException.class, () -> writer.write(List.of(entry("1-0", "e1"))));
        assertEquals(0, sink.quarantine.size());
        assertEquals(0, counted.get());
    }

    @Test
    void retryReleasesWhatTheStoreNowAccepts() {
        sink.poison = "e2";
        writer.write(List.of(entry("1-0", "e1"), entry("2-0", "e2")));
        sink.poison = "none";
        assertEquals(0, writer.retryQuarantined());
        assertEquals(List.of("e1", "e2"), sink.stored);
    }

    private static LogBatchWriter.StreamEntry entry(String id, String eventId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(StreamFields.EVENT, "{\"_id\":\"" + eventId + "\",\"type\":\"exposure\",\"visitor\":\"v1\",\"experiment\":\"pricing-hero\","
                + "\"at\":1000,\"received\":1000}");
        fields.put(StreamFields.EXPERIMENT, "pricing-hero");
        fields.put(StreamFields.VARIANT, "control");
        fields.put(StreamFields.COUNTED, "1");
        fields.put(StreamFields.EXPOSED_AT, "1000");
        return new LogBatchWriter.StreamEntry("stream-a", id, fields);
    }

    /** Rejects the document whose event id is {@link #poison}, in bulk and alone; {@link #down} makes it unreachable. */
    private static final class FakeSink implements EventSink {
        final List<String> stored = new ArrayList<>();
        final List<QuarantinedEntry> quarantine = new ArrayList<>();
        String poison = "none";
        boolean down;
        int bulkCalls;

        @Override
        public void write(List<EventLog.Entry> entries) {
            bulkCalls++;
            check();
            if (entries.stream().anyMatch(e -> poison.equals(e.event().get("_id")))) {
                throw new RejectedWrite("bulk rejected", null);
            }
            entries.forEach(e -> stored.add(e.event().getString("_id")));
        }

        @Override
        public void writeOne(EventLog.Entry entry) {
            check();
            String id = entry.event().getString("_id");
            if (poison.equals(id)) {
                throw new RejectedWrite("rejected " + id, null);
            }
            stored.add(id);
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("store unreachable");
            }
        }

        @Override
        public void quarantine(QuarantinedEntry entry) {
            quarantine.add(entry);
        }

        @Override
        public List<QuarantinedEntry> quarantined() {
            return List.copyOf(quarantine);
        }

        @Override
        public void release(QuarantinedEntry entry) {
            quarantine.remove(entry);
        }

        @Override
        public long quarantinedCount() {
            return quarantine.size();
        }
    }
}
