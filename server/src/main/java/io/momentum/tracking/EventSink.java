package io.momentum.tracking;

import java.util.List;

/**
 * Where the event log writer puts stream entries: the MongoDB {@link EventLog}, or a fake in unit tests.
 * A store that answers with an error for a document throws {@link RejectedWrite}; any other exception means
 * the store could not be reached and the whole pass is retried.
 */
interface EventSink {
    /** The whole batch in bulk. */
    void write(List<EventLog.Entry> entries);

    /** One entry; an event already stored with the same content counts as written. */
    void writeOne(EventLog.Entry entry);

    void quarantine(QuarantinedEntry entry);

    List<QuarantinedEntry> quarantined();

    /** Removes an entry from the quarantine once it was written. */
    void release(QuarantinedEntry entry);

    long quarantinedCount();
}
