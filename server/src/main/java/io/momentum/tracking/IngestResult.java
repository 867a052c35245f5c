package io.momentum.tracking;

import java.util.List;

/**
 * The answer to one events batch: how many events were newly accepted, how many were duplicates of
 * events already accepted (same id), and which items were rejected and why (index into the batch).
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    public IngestResult {
        rejected = List.copyOf(rejected);
    }

    /** One rejected batch item. */
    public record Rejection(int index, String error) {
    }
}
