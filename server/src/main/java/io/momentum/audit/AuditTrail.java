package io.momentum.audit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.momentum.experiment.LoadProblem;
import io.momentum.experiment.LoadedFiles;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every load of the experiment directory into recorded changes: created, changed, deleted or rejected
 * files with a unified diff, the snapshot version and the git commit. It resumes from the last recorded text of
 * each file, so a restart records only what changed while it was down, and ids are "file:generation", so several
 * servers watching the same files store each change once. Recording runs on its own thread, never the watcher's.
 */
public final class AuditTrail implements Consumer<LoadedFiles>, Closeable {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Pattern ID = Pattern.compile("(?m)^id:\\s*[\"']?([^\"'\\s#]+)");
    private static final int CONTEXT_LINES = 3;

    private final AuditLog store;
    private final GitInfo git;
    private final Clock clock;
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "momentum-audit");
        thread.setDaemon(true);
        return thread;
    });
    /** Only the recorder thread touches it: the last known text (null = deleted) and generation per file. */
    private final Map<String, ExperimentChange> last = new HashMap<>();
    private boolean resumed;

    /** Reads commits of {@code dir} with the git binary. */
    public AuditTrail(AuditLog store, Path dir, Clock clock) {
        this(store, GitInfo.of(dir), clock);
    }

    AuditTrail(AuditLog store, GitInfo git, Clock clock) {
        this.store = store;
        this.git = git;
        this.clock = clock;
    }

    @Override
    public void accept(LoadedFiles files) {
        if (files != null) {
            recorder.execute(() -> record(files));
        }
    }

    /** Waits until every load handed over so far is recorded (tests, shutdown). */
    public void flush() {
        try {
            recorder.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("audit trail did not catch up", e);
        }
    }

    private void record(LoadedFiles files) {
        try {
            if (!resumed) {
                last.putAll(store.latestPerFile());
                resumed = true;
            }
            Set<String> names = new LinkedHashSet<>(files.texts().keySet());
            last.forEach((name, change) -> {
                if (change.yaml() != null) {
                    names.add(name);
                }
            });
            for (String name : names) {
                ExperimentChange previous = last.get(name);
                String before = previous == null ? null : previous.yaml();
                String after = files.texts().get(name);
                List<LoadProblem> problems = files.rejected().getOrDefault(name, List.of());
                boolean sameRejection = previous != null && previous.kind() == ExperimentChange.Kind.REJECTED && !problems.isEmpty();
                if (java.util.Objects.equals(before, after) && (problems.isEmpty() || sameRejection)) {
                    continue;
                }
                ExperimentChange change = change(name, previous, before, after, problems, files.version());
                if (!store.insert(change)) {
                    log.debug("change {} was already recorded by another server", change.id());
                }
                last.put(name, change);
            }
        } catch (RuntimeException e) {
            // The store may be down: the next load compares with what was recorded last, so nothing is lost for good.
            resumed = false;
            last.clear();
            log.warn("recording experiment changes failed; will retry with the next change: {}", e.toString());
        }
    }

    private ExperimentChange change(String name, ExperimentChange previous, String before, String after,
                                    List<LoadProblem> problems, long version) {
        ExperimentChange.Kind kind = !problems.isEmpty() ? ExperimentChange.Kind.REJECTED
                : after == null ? ExperimentChange.Kind.DELETED
                : before == null ? ExperimentChange.Kind.CREATED : ExperimentChange.Kind.CHANGED;
        long generation = previous == null ? 1 : previous.generation() + 1;
        var commit = git.lastCommit(name);
        return new ExperimentChange(name + ":" + generation, clock.instant(), name, generation, kind,
                experimentId(after != null ? after : before, name), diff(name, before, after), after, version,
                problems.stream().map(p -> name + ":" + p.line() + ":" + p.column() + ": " + p.message()).toList(),
                commit.map(GitInfo.Commit::id).orElse(null), commit.map(GitInfo.Commit::author).orElse(null),
                commit.map(GitInfo.Commit::uncommitted).orElse(false));
    }

    /** The unified diff (3 lines of context) from {@code before} to {@code after}; null means the file does not exist. */
    public static String diff(String name, String before, String after) {
        List<String> from = before == null ? List.of() : before.lines().toList();
        List<String> to = after == null ? List.of() : after.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + name,
                after == null ? "/dev/null" : "b/" + name, from, DiffUtils.diff(from, to), CONTEXT_LINES);
        return String.join("\n", new ArrayList<>(lines)) + (lines.isEmpty() ? "" : "\n");
    }

    static String experimentId(String text, String file) {
        Matcher m = text == null ? null : ID.matcher(text);
        if (m != null && m.find()) {
            return m.group(1);
        }
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    @Override
    public void close() {
        recorder.shutdown();
        try {
            recorder.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
