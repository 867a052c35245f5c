package io.momentum.reporting;

import io.momentum.domain.InvalidInputException;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Dimension;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The channel report ({@code GET /v1/segments}, the dashboard's home page): validates the dimension and goal, reads
 * the log on a worker thread and keeps each answer for a few seconds, because it reads every visitor each time.
 */
public final class ChannelReportService {
    /** How long one report is reused (the dashboard's home page asks on every load). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final String DEFAULT_DIMENSION = "channel";
    static final double ALPHA = 0.05;
    private static final Pattern GOAL = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Vertx vertx;
    private final ExperimentCatalog catalog;
    private final VisitorSources sources;
    private final Clock clock;
    private final Duration ttl;
    private final ChannelReportCalculator calculator = new ChannelReportCalculator();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant at, long catalogVersion, Future<ChannelReport> report) {
    }

    public ChannelReportService(Vertx vertx, ExperimentCatalog catalog, VisitorSources sources, Clock clock, Duration ttl) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.sources = sources;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The report for a configured dimension (default {@code channel}, else the first configured) and a goal (default
     * the activation stage's conversion); fails with {@link InvalidInputException} for anything else.
     */
    public Future<ChannelReport> report(Optional<String> dimension, Optional<String> goal) {
        CatalogSnapshot snapshot = catalog.current();
        FlywheelDefinition flywheel = snapshot.flywheel();
        List<String> configured = flywheel.dimensions().stream().map(Dimension::name).toList();
        String d = dimension.orElseGet(() -> configured.contains(DEFAULT_DIMENSION) || configured.isEmpty() ? DEFAULT_DIMENSION
                : configured.get(0));
        if (flywheel.dimension(d).isEmpty()) {
            throw new InvalidInputException("unknown_dimension", "dimension must be one of the dimensions configured in flywheel.yaml ("
                    + String.join(", ", configured) + "), was \"" + shorten(d) + "\"", configured);
        }
        String g = goal.orElseGet(() -> defaultGoal(flywheel));
        if (!GOAL.matcher(g).matches()) {
            throw new InvalidInputException("invalid_goal", "goal must be a goal name (1-64 of A-Za-z0-9_.:-), was \"" + shorten(g) + "\"",
                    List.of());
        }
        String key = d + "|" + g;
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.catalogVersion() == snapshot.version() && cached.at().plus(ttl).isAfter(now)) {
            return cached.report();
        }
        Future<ChannelReport> fresh = vertx.executeBlocking(() -> calculator.compute(d, g, ALPHA, sources.firstTouch(d),
                sources.converters(g), configured), false);
        cache.put(key, new Cached(now, snapshot.version(), fresh));
        fresh.onFailure(e -> cache.remove(key));
        return fresh;
    }

    /** The goal the home page reports on: the activation stage's conversion (trial_signup in the shipped flywheel.yaml). */
    public static String defaultGoal(FlywheelDefinition flywheel) {
        return flywheel.stage(Stage.ACTIVATION).or(() -> flywheel.stages().stream().findFirst())
                .map(FlywheelDefinition.StageDefinition::convertedEvent).orElse("trial_signup");
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_.:()-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
