package io.momentum.experiment;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiments of a directory of YAML files, served as immutable {@link CatalogSnapshot}s swapped atomically.
 *
 * <p>The directory is polled (file names, sizes and modification times) instead of using a
 * {@code WatchService}: inotify misses changes on overlay, network and bind-mounted filesystems, while a poll of
 * one small directory costs microseconds and behaves the same everywhere. A change is loaded once the files have
 * stayed the same for one poll interval, so an editor's half-written save is not loaded.
 *
 * <p>Schedules: every snapshot is evaluated as of one moment of the injected clock. Each poll, and any
 * {@link #current()} at or after the next {@code start}/{@code end}, publishes the next snapshot, so the state
 * changes exactly at the boundary without the assignment or tracking code reading a clock.
 */
public final class YamlExperimentCatalog implements ExperimentCatalog, Closeable {
    private static final Logger log = LoggerFactory.getLogger(YamlExperimentCatalog.class);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private final Path dir;
    private final Clock clock;
    /** Epoch millis of the current snapshot's next start/end; {@link Long#MAX_VALUE} when none. */
    private volatile long nextBoundaryMillis = Long.MAX_VALUE;
    private final AtomicReference<CatalogSnapshot> current = new AtomicReference<>();
    private final ScheduledExecutorService poller;
    // Guarded by "this": only reload() reads and writes them.
    private Map<String, Experiment> lastGood = Map.of();
    private FlywheelDefinition lastFlywheel = FlywheelDefinition.DEFAULT;
    private boolean missing;
    private List<FileState> loadedFiles = List.of();
    private List<FileState> seenFiles = List.of();
    private LoadedFiles lastFiles;
    private final List<Consumer<LoadedFiles>> listeners = new CopyOnWriteArrayList<>();

    private YamlExperimentCatalog(Path dir, Duration pollInterval, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        reload();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "momentum-experiments-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads the directory now and starts watching it. */
    public static YamlExperimentCatalog start(Path dir) {
        return start(dir, DEFAULT_POLL_INTERVAL);
    }

    public static YamlExperimentCatalog start(Path dir, Duration pollInterval) {
        return start(dir, pollInterval, Clock.systemUTC());
    }

    public static YamlExperimentCatalog start(Path dir, Duration pollInterval, Clock clock) {
        return new YamlExperimentCatalog(dir, pollInterval, clock);
    }

    @Override
    public CatalogSnapshot current() {
        if (clock.millis() >= nextBoundaryMillis) {
            return tick();
        }
        return current.get();
    }

    /** Publishes the snapshot as of the clock's now if a start or end was crossed; returns the current one. */
    public synchronized CatalogSnapshot tick() {
        CatalogSnapshot previous = current.get();
        CatalogSnapshot next = previous.at(clock.instant());
        if (next != previous) {
            publish(next);
            log.info("experiment schedules changed (snapshot {})", next.version());
        }
        return next;
    }

    private void publish(CatalogSnapshot next) {
        current.set(next);
        nextBoundaryMillis = next.nextBoundary().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    }

    public Path directory() {
        return dir;
    }

    /** Why the catalog cannot serve, if it cannot: the directory does not exist. Broken files do not count. */
    public synchronized Optional<String> notReadyReason() {
        return missing ? Optional.of("experiment directory " + dir + " does not exist") : Optional.empty();
    }

    /**
     * Calls {@code listener} with the files of the current load now, then after every reload that publishes a
     * snapshot, on the watcher thread (keep it quick: hand slow work to another thread).
     */
    public synchronized void onLoad(Consumer<LoadedFiles> listener) {
        listeners.add(listener);
        listener.accept(lastFiles);
    }

    /** Reads the directory again and publishes a new snapshot if anything changed; returns the current one. */
    public synchronized CatalogSnapshot reload() {
        List<FileState> files = fileStates();
        CatalogLoader.Load load = CatalogLoader.loadDirectory(dir, lastGood, lastFlywheel);
        lastGood = load.serving();
        lastFlywheel = load.flywheel();
        missing = load.missing();
        loadedFiles = files;
        seenFiles = files;
        CatalogSnapshot previous = current.get();
        Map<String, Experiment> experiments = load.experimentsById();
        CatalogSnapshot next;
        if (previous != null && previous.experiments().equals(experiments) && previous.flywheel().equals(load.flywheel())
                && previous.problems().equals(load.problems())) {
            next = tick();
        } else {
            next = new CatalogSnapshot(experiments, load.flywheel(), load.problems(),
                    previous == null ? 1 : previous.version() + 1, clock.instant());
            publish(next);
            logChanges(previous, next);
        }
        notifyListeners(loadedFiles(next));
        return next;
    }

    /** Listeners hear of every change of the files' texts, also one that loads the same experiments (a comment). */
    private void notifyListeners(LoadedFiles files) {
        if (lastFiles != null && lastFiles.texts().equals(files.texts()) && lastFiles.rejected().equals(files.rejected())) {
            return;
        }
        lastFiles = files;
        for (Consumer<LoadedFiles> listener : listeners) {
            try {
                listener.accept(files);
            } catch (RuntimeException e) {
                log.error("a catalog listener failed", e);
            }
        }
    }

    private void poll() {
        try {
            List<FileState> files = fileStates();
            synchronized (this) {
                if (files.equals(loadedFiles)) {
                    tick();
                    return;
                }
                if (!files.equals(seenFiles)) {
                    seenFiles = files; // still changing: wait until it holds still for one interval
                    return;
                }
            }
            reload();
        } catch (RuntimeException e) {
            // An exception would silently cancel the scheduled task and stop the watching for good.
            log.error("watching {} failed; will retry", dir, e);
        }
    }

    /** What the poller compares: the names, sizes and modification times of the files that are loaded. */
    private record FileState(String name, long size, long modifiedNanos) {
    }

    private List<FileState> fileStates() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try {
            List<Path> paths = new ArrayList<>(CatalogLoader.experimentFiles(dir));
            Path flywheel = dir.resolve(FlywheelReader.FILE_NAME);
            if (Files.exists(flywheel)) {
                paths.add(flywheel);
            }
            // The directory itself counts too, so that a directory that appears (even empty) is noticed.
            List<FileState> states = new ArrayList<>(List.of(new FileState(".", 0, 0)));
            for (Path path : paths) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    states.add(new FileState(path.getFileName().toString(), attributes.size(),
                            attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                } catch (IOException vanished) {
                    // deleted between listing and reading: the next poll sees it gone
                }
            }
            return states;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The texts of the experiment files (small; read again here so the loader stays a pure function of the files). */
    private LoadedFiles loadedFiles(CatalogSnapshot snapshot) {
        Map<String, String> texts = new LinkedHashMap<>();
        try {
            for (Path file : Files.isDirectory(dir) ? CatalogLoader.experimentFiles(dir) : List.<Path>of()) {
                try {
                    texts.put(file.getFileName().toString(), Files.readString(file));
                } catch (IOException | java.io.UncheckedIOException vanished) {
                    // deleted (or not text) between listing and reading: recorded by the next load
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {} for the change listeners: {}", dir, e.toString());
        }
        Map<String, List<LoadProblem>> rejected = new LinkedHashMap<>();
        for (LoadProblem problem : snapshot.problems()) {
            String name = Path.of(problem.file()).getFileName().toString();
            if (texts.containsKey(name)) {
                rejected.computeIfAbsent(name, n -> new ArrayList<>()).add(problem);
            }
        }
        return new LoadedFiles(snapshot.version(), texts, rejected);
    }

    private static void logChanges(CatalogSnapshot previous, CatalogSnapshot next) {
        Set<LoadProblem> known = previous == null ? Set.of() : new HashSet<>(previous.problems());
        next.problems().stream().filter(p -> !known.contains(p)).forEach(p -> log.warn("experiment file problem: {}", p));
        log.info("experiments loaded: {} serving, {} problems (snapshot {})",
                next.experiments().size(), next.problems().size(), next.version());
    }

    /** Stops the watcher thread. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
