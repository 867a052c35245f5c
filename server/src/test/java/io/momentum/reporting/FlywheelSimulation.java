package io.momentum.reporting;

import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.NpsSource;
import io.momentum.experiment.FlywheelDefinition.ReachedValue;
import io.momentum.experiment.FlywheelDefinition.Referral;
import io.momentum.experiment.FlywheelDefinition.Retention;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.FlywheelDefinition.StageKpis;
import io.momentum.experiment.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A seeded simulation of visitors through the four stages with known probabilities and delays (up to 40 days, so
 * some convert after the 30-day window). Each visitor's ground truth is kept next to the events it produced, so
 * tests compute the expected report from the truth, not from the events.
 */
public final class FlywheelSimulation {
    public static final Duration WINDOW = Duration.ofDays(30);
    public static final Duration RETENTION = Duration.ofDays(30);
    /** A Monday: the first cohort week. */
    public static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    public static final int WEEKS = 8;
    public static final long UPGRADE_MINOR = 4_900;

    public static final FlywheelDefinition FLYWHEEL = new FlywheelDefinition(List.of(
            new StageDefinition(Stage.ACTIVATION, "Activation", "visit", "trial_signup"),
            new StageDefinition(Stage.ADOPTION, "Adoption", "trial_signup", "upgrade",
                    new StageKpis(Optional.of(new ReachedValue("feature_used", Duration.ofDays(14))), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty())),
            new StageDefinition(Stage.ADORATION, "Adoration", "upgrade", "survey",
                    new StageKpis(Optional.empty(), Optional.of(new Retention(List.of("feature_used", "login"), RETENTION)),
                            Optional.of("upgrade"), Optional.of(new NpsSource(List.of())), Optional.empty())),
            new StageDefinition(Stage.ADVOCACY, "Advocacy", "survey", "referral",
                    new StageKpis(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.of(new Referral("referral", "trial_signup"))))),
            WINDOW, List.of());

    /** What happened to one visitor; null times did not happen. */
    public record Truth(String visitor, Instant visit, String referrer, Instant signup, Instant featureUsed, Instant upgrade,
                        Instant login, Instant survey, Integer score, Instant referral) {
    }

    public final List<Truth> visitors = new ArrayList<>();
    public final List<FlywheelEvent> events = new ArrayList<>();
    private final Random random;

    public FlywheelSimulation(long seed, int visitors) {
        this.random = new Random(seed);
        for (int i = 0; i < visitors; i++) {
            Instant visit = START.plus(minutes(WEEKS * 7 * 24 * 60));
            simulate("v" + i, visit, null);
        }
    }

    private void simulate(String id, Instant visit, String referrer) {
        Instant signup = maybe(0.4, visit, 40);
        Instant featureUsed = maybe(0.6, signup, 20);
        Instant upgrade = maybe(0.5, signup, 40);
        Instant login = maybe(0.6, upgrade, 45);
        Instant survey = maybe(0.5, upgrade, 40);
        Integer score = survey == null ? null : random.nextInt(11);
        Instant referral = maybe(0.4, survey, 40);
        Truth truth = new Truth(id, visit, referrer, signup, featureUsed, upgrade, login, survey, score, referral);
        visitors.add(truth);
        events.add(new FlywheelEvent(id, "visit", visit, 0, OptionalInt.empty(), Optional.empty(), Optional.ofNullable(referrer)));
        add(id, "trial_signup", signup, 0);
        add(id, "feature_used", featureUsed, 0);
        add(id, "upgrade", upgrade, UPGRADE_MINOR);
        add(id, "login", login, 0);
        if (survey != null) {
            events.add(new FlywheelEvent(id, "survey", survey, 0, OptionalInt.of(score), Optional.of("nps"), Optional.empty()));
        }
        add(id, "referral", referral, 0);
        if (referral != null) {
            int referred = random.nextInt(4);
            for (int r = 0; r < referred; r++) {
                simulate(id + "-r" + r, referral.plus(minutes(20 * 24 * 60)), id);
            }
        }
    }

    private void add(String visitor, String name, Instant at, long valueMinor) {
        if (at != null) {
            events.add(new FlywheelEvent(visitor, name, at, valueMinor, OptionalInt.empty(), Optional.empty(), Optional.empty()));
        }
    }

    private Instant maybe(double p, Instant after, int maxDays) {
        if (after == null || random.nextDouble() >= p) {
            return null;
        }
        return after.plus(minutes(maxDays * 24 * 60)).plusSeconds(60);
    }

    private Duration minutes(int bound) {
        return Duration.ofMinutes(random.nextInt(bound));
    }

    /** The week starts from {@link #START}, followed by the end of the last week. */
    public static List<Instant> weeks() {
        List<Instant> weeks = new ArrayList<>();
        for (int w = 0; w <= WEEKS; w++) {
            weeks.add(START.plus(Duration.ofDays(7L * w)));
        }
        return weeks;
    }

    public static boolean within(Instant from, Instant to, Duration window) {
        return from != null && to != null && !to.isBefore(from) && !to.isAfter(from.plus(window));
    }

    public static boolean in(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }
}
