package io.momentum.tracking;

import static io.momentum.tracking.TrackingFixtures.CTA;
import static io.momentum.tracking.TrackingFixtures.HERO;
import static io.momentum.tracking.TrackingFixtures.NPS;
import static io.momentum.tracking.TrackingFixtures.REFERRAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.MomentumServer;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.Status;
import io.momentum.reporting.GoalCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A generated mix of exposures, conversions (some before the exposure, revenue on "purchase"), survey answers
 * and referrals for the fixture catalog, with the counters it must produce computed independently of the
 * Lua scripts. Exposures are meant to be sent before the outcomes, so which conversions count depends on
 * timestamps only.
 */
final class EventMix {
    static final List<String> EXPERIMENTS = List.of(HERO, CTA, NPS, REFERRAL);
    static final List<String> GOALS = List.of("signup", "purchase", "upgrade", "unsubscribe", "survey", "referral");
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<ObjectNode> exposures = new ArrayList<>();
    private final CatalogSnapshot catalog;
    final List<ObjectNode> outcomes = new ArrayList<>();
    private final Map<String, Map<String, String>> exposed = new HashMap<>();
    private final Map<String, Map<String, Long>> counters = new HashMap<>();
    private final Map<String, Map<String, long[]>> perVisitor = new HashMap<>(); // "exp|variant|goal" -> visitor -> {n, total}
    private final Map<String, Map<String, long[]>> global = new HashMap<>();
    private final Map<String, Set<String>> referrers = new HashMap<>();

    EventMix(CatalogSnapshot catalog, int visitors, Random random, String idPrefix) {
        this.catalog = catalog;
        Instant exposedAt = Instant.now().minus(Duration.ofMinutes(30));
        int ids = 0;
        for (int v = 0; v < visitors; v++) {
            String visitor = "visitor-" + v;
            for (String experiment : EXPERIMENTS) {
                if (random.nextInt(4) == 0) {
                    continue; // not every visitor sees every experiment
                }
                exposures.add(event("exposure", idPrefix + "x" + ids++, visitor, exposedAt.plusMillis(random.nextInt(1000))).put("experiment", experiment));
                expose(experiment, visitor);
            }
            for (int c = random.nextInt(4); c > 0; c--) {
                String goal = GOALS.get(random.nextInt(4)); // the conversion goals; survey and referral come from their own events
                boolean beforeExposure = random.nextInt(10) == 0;
                Instant at = beforeExposure ? exposedAt.minus(Duration.ofMinutes(1)) : exposedAt.plusSeconds(5 + random.nextInt(600));
                ObjectNode conversion = event("conversion", idPrefix + "c" + ids++, visitor, at).put("goal", goal);
                long minor = 0;
                if (goal.equals("purchase")) {
                    minor = random.nextInt(100_000);
                    conversion.put("value", new BigDecimal(minor).movePointLeft(2));
                }
                outcomes.add(conversion);
                convert(visitor, goal, minor, !beforeExposure);
            }
            if (random.nextInt(3) == 0) {
                int score = random.nextInt(11);
                outcomes.add(event("survey", idPrefix + "s" + ids++, visitor, exposedAt.plusSeconds(30)).put("experiment", NPS).put("score", score));
                survey(visitor, score);
            }
            for (int r = random.nextInt(3); r > 0; r--) {
                outcomes.add(event("referral", idPrefix + "r" + ids++, visitor, exposedAt.plusSeconds(60)).put("experiment", REFERRAL));
                referral(visitor);
            }
        }
    }

    int uniqueEvents() {
        return exposures.size() + outcomes.size();
    }

    /** The events plus a copy of 10% of them (same id), shuffled so copies land in other batches. */
    static List<ObjectNode> withDuplicates(List<ObjectNode> events, Random random) {
        List<ObjectNode> sends = new ArrayList<>(events);
        for (ObjectNode event : events) {
            if (random.nextInt(10) == 0) {
                sends.add(event.deepCopy());
            }
        }
        Collections.shuffle(sends, random);
        return sends;
    }

    /** The batches plus 3% of them sent a second time, as a client whose first attempt timed out would. */
    static List<List<ObjectNode>> withRetries(List<List<ObjectNode>> batches, Random random) {
        List<List<ObjectNode>> sends = new ArrayList<>(batches);
        for (List<ObjectNode> batch : batches) {
            if (random.nextInt(100) < 3) {
                sends.add(batch);
            }
        }
        Collections.shuffle(sends, random);
        return sends;
    }

    private static ObjectNode event(String type, String id, String visitor, Instant at) {
        return JSON.createObjectNode().put("type", type).put("id", id).put("visitor", visitor).put("timestamp", at.toString());
    }

    private void expose(String experiment, String visitor) {
        String variant = TrackingFixtures.variantOf(catalog, experiment, visitor);
        exposed.computeIfAbsent(experiment, k -> new HashMap<>()).put(visitor, variant);
        add(experiment, "x|" + variant, 1);
    }

    /** A conversion on a goal: globally, and in every running experiment measuring it where the visitor was exposed before. */
    private void convert(String visitor, String goal, long minor, boolean afterExposure) {
        long[] g = global.computeIfAbsent(goal, k -> new HashMap<>()).computeIfAbsent(visitor, k -> new long[2]);
        g[0]++;
        g[1] += minor;
        if (!afterExposure) {
            return;
        }
        for (Experiment e : catalog.experiments().values()) {
            String variant = exposed.getOrDefault(e.id(), Map.of()).get(visitor);
            if (variant != null && e.status() == Status.RUNNING && GoalPlan.of(e, catalog.flywheel()).events().contains(goal)) {
                long[] state = perVisitor.computeIfAbsent(e.id() + "|" + variant + "|" + goal, k -> new HashMap<>())
                        .computeIfAbsent(visitor, k -> new long[2]);
                state[0]++;
                state[1] += minor;
            }
        }
    }

    private void survey(String visitor, int score) {
        String variant = exposed.getOrDefault(NPS, Map.of()).get(visitor);
        if (variant != null) {
            add(NPS, "ss|" + variant + "|" + score, 1);
        }
        convert(visitor, "survey", 0, true); // a survey answer also counts as the goal "survey"
    }

    private void referral(String visitor) {
        String variant = exposed.getOrDefault(REFERRAL, Map.of()).get(visitor);
        if (variant != null) {
            add(REFERRAL, "rf|" + variant, 1);
            referrers.computeIfAbsent(variant, k -> new LinkedHashSet<>()).add(visitor);
        }
        convert(visitor, "referral", 0, true); // a referral also counts as the goal "referral"
    }

    /** The raw counter fields the experiment's {@code :c} hash must hold. */
    /** Fails unless the server's Redis counters and goals and its MongoDB log hold exactly this mix, each event once. */
    void assertCountedExactly(MomentumServer server) throws Exception {
        for (String experiment : EXPERIMENTS) {
            assertEquals(expectedCounters(experiment), new TreeMap<>(server.tracking().counters()
                    .raw(experiment).toCompletionStage().toCompletableFuture().get()), experiment);
        }
        for (String goal : GOALS) {
            assertEquals(expectedGoal(goal),
                    server.tracking().counts().readGoal(goal).toCompletionStage().toCompletableFuture().get(), goal);
        }
        assertEquals(uniqueEvents(),
                server.storage().mongo().getCollection(EventLog.EVENTS).countDocuments(), "events in MongoDB");
    }

    Map<String, Long> expectedCounters(String experiment) {
        Map<String, Long> result = new TreeMap<>(counters.getOrDefault(experiment, Map.of()));
        perVisitor.forEach((key, visitors) -> {
            String[] parts = key.split("\\|");
            if (!parts[0].equals(experiment)) {
                return;
            }
            String suffix = "|" + parts[1] + "|" + parts[2];
            visitors.values().forEach(state -> {
                result.merge("cv" + suffix, 1L, Long::sum);
                result.merge("cn" + suffix, state[0], Long::sum);
                if (state[1] > 0) {
                    result.merge("vs" + suffix, state[1], Long::sum);
                    result.merge("vq" + suffix, state[1] * state[1], Long::sum);
                }
            });
        });
        if (experiment.equals(REFERRAL)) {
            referrers.forEach((variant, visitors) -> result.put("ru|" + variant, (long) visitors.size()));
        }
        return result;
    }

    /**
     * The global counters of a goal as the decoder reports them: the exact integer sums in minor units, converted
     * to major units with the same division the decoder does, so equal sums give equal doubles.
     */
    GoalCounts expectedGoal(String goal) {
        long converters = 0;
        long conversions = 0;
        long sum = 0;
        long squares = 0;
        for (long[] state : global.getOrDefault(goal, Map.of()).values()) {
            converters++;
            conversions += state[0];
            sum += state[1];
            squares += state[1] * state[1];
        }
        return new GoalCounts(converters, conversions, sum / 100.0, squares / (100.0 * 100.0));
    }

    private void add(String experiment, String field, long amount) {
        counters.computeIfAbsent(experiment, k -> new HashMap<>()).merge(field, amount, Long::sum);
    }
}
