package io.momentum.assign;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.momentum.assignment.Assignment;
import io.momentum.assignment.AssignmentIndex;
import io.momentum.assignment.AssignmentIndexCache;
import io.momentum.assignment.AssignmentRequest;
import io.momentum.assignment.AssignmentResult;
import io.momentum.assignment.ForcedVariant;
import io.momentum.experiment.ExperimentCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns a visitor against the current catalog (compiled once per snapshot version), signs each bucketed
 * assignment with an exposure token, and hands the exposures to the recorder without waiting: the answer never
 * depends on Redis being up.
 */
public final class AssignmentService {
    private static final Logger log = LoggerFactory.getLogger(AssignmentService.class);

    private final ExperimentCatalog catalog;
    private final ExposureRecorder recorder;
    private final Clock clock;
    private final boolean forcedVariantsAllowed;
    private final ExposureTokens tokens;
    private final QaTokens qaTokens;
    private final MintedVisitors minted;
    private final AssignmentIndexCache indexes = new AssignmentIndexCache();
    private final Counter recordFailures;
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param forcedVariantsAllowed honour plain {@code momentum_force} for every experiment (server config);
     *                              otherwise only signed QA links, for experiments that allow forcing
     */
    public AssignmentService(ExperimentCatalog catalog, ExposureRecorder recorder, Clock clock, MeterRegistry registry,
                             boolean forcedVariantsAllowed, ExposureTokens tokens, QaTokens qaTokens, MintedVisitors minted) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.qaTokens = qaTokens;
        this.minted = minted;
        this.recorder = recorder;
        this.clock = clock;
        this.forcedVariantsAllowed = forcedVariantsAllowed;
        this.recordFailures = Counter.builder("momentum.exposures.record.failures")
                .description("exposure batches the recorder failed to accept (assignment answered anyway)")
                .register(registry);
    }

    /** The assignments and, by experiment id, the exposure token of each bucketed one. */
    public record Answer(AssignmentResult result, Map<String, String> tokens) {
        public Answer {
            tokens = Map.copyOf(tokens);
        }
    }

    /**
     * Assigns, then records the exposures of bucketed assignments unless {@code track} is false; {@code client} is
     * the caller's address, watched for minted visitors.
     */
    public Answer assign(AssignmentRequest request, String forceText, boolean track, String client) {
        Instant now = clock.instant();
        ForcedVariant.Parsed forces = ForcedVariant.parse(forceText)
                .checked(force -> qaTokens.problem(force.qaToken().orElseThrow(), force.experiment(), force.variant(), now));
        AssignmentResult result = indexes.indexFor(catalog.current()).assign(request.withForces(forces, forcedVariantsAllowed));
        if (track) {
            recordExposures(result, request.visitor().attributes());
        }
        Map<String, String> signed = new HashMap<>();
        for (Assignment a : result.assignments()) {
            if (a.logsExposure()) {
                if (track) {
                    minted.exposed(client, a.experiment().id(), result.visitorId());
                }
                signed.put(a.experiment().id(), tokens.issue(a.experiment().id(), result.visitorId(), a.variant().key(), now));
            }
        }
        return new Answer(result, signed);
    }

    /** Why the visitor is in none of the other selected experiments ({@code debug=1}); records nothing. */
    public List<AssignmentIndex.NotAssigned> explain(AssignmentRequest request) {
        return indexes.indexFor(catalog.current()).explain(request);
    }

    private void recordExposures(AssignmentResult result, Map<String, String> attributes) {
        List<Exposure> exposures = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, String> shared = Map.copyOf(attributes); // copied once: each Exposure would copy it again
        for (Assignment a : result.assignments()) {
            if (a.logsExposure()) {
                exposures.add(new Exposure(a.experiment().id(), a.variant().key(), result.visitorId(), now, shared));
            }
        }
        if (exposures.isEmpty()) {
            return;
        }
        try {
            recorder.record(exposures).onFailure(this::recordFailed);
        } catch (RuntimeException e) {
            recordFailed(e);
        }
    }

    /** Counted always, logged at the 1st, 2nd, 4th, 8th... failure so an outage cannot flood the log. */
    private void recordFailed(Throwable failure) {
        recordFailures.increment();
        long count = failures.incrementAndGet();
        if (Long.bitCount(count) == 1) {
            log.warn("recording exposures failed ({} failures so far); assignments are answered anyway: {}", count, failure.toString());
        }
    }
}
