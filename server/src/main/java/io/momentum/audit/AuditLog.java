package io.momentum.audit;

import java.util.List;
import java.util.Map;

/** Where experiment changes are kept (MongoDB, implemented by tracking). Blocking: call from a worker thread. */
public interface AuditLog {

    /** Stores the change unless one with its id exists (another server or an earlier run recorded it); true if stored. */
    boolean insert(ExperimentChange change);

    /** The latest recorded change of every file, by file name: where the trail resumes after a restart. */
    Map<String, ExperimentChange> latestPerFile();

    /** The experiment's changes, newest first, at most {@code limit}. */
    List<ExperimentChange> history(String experiment, int limit);
}
