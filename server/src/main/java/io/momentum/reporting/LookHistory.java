package io.momentum.reporting;

import java.util.List;

/**
 * The looks recorded for each experiment, oldest first (MongoDB in production). Keeping them makes the
 * reported p-values, intervals, vetoes and winners monotone over looks. Blocking: call from a worker thread.
 */
public interface LookHistory {
    List<Look> looks(String experimentId);

    void record(String experimentId, Look look);

    /** Keeps nothing: every look stands alone (tests that do not care about history). */
    LookHistory NONE = new LookHistory() {
        @Override
        public List<Look> looks(String experimentId) {
            return List.of();
        }

        @Override
        public void record(String experimentId, Look look) {
        }
    };
}
