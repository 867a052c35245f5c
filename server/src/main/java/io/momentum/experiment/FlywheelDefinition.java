package io.momentum.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * From {@code flywheel.yaml}: for each stage, the event meaning a visitor entered it and the one meaning they
 * converted, with the stage's KPI settings; the friction window; the named funnels; the dimensions results can be
 * broken down by.
 *
 * @param window how long after converting at one stage a conversion at the next still counts (friction), and
 *               how long after entering a stage its conversion still counts
 */
public record FlywheelDefinition(List<StageDefinition> stages, Duration window, List<Funnel> funnels, List<Dimension> dimensions) {
    /** The friction window when the file names none. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /** Used when the experiment directory has no {@code flywheel.yaml}; the shipped file says the same. */
    public static final FlywheelDefinition DEFAULT = new FlywheelDefinition(List.of(
            new StageDefinition(Stage.ACTIVATION, "Activation", "visit", "trial_signup", StageKpis.NONE),
            new StageDefinition(Stage.ADOPTION, "Adoption", "trial_signup", "upgrade",
                    StageKpis.NONE.withReachedValue(new ReachedValue("feature_used", Duration.ofDays(14)))),
            new StageDefinition(Stage.ADORATION, "Adoration", "upgrade", "survey",
                    new StageKpis(Optional.empty(), Optional.of(new Retention(List.of("visit", "feature_used"), Duration.ofDays(30))),
                            Optional.of("upgrade"), Optional.of(new NpsSource(List.of())), Optional.empty())),
            new StageDefinition(Stage.ADVOCACY, "Advocacy", "survey", "referral",
                    StageKpis.NONE.withReferral(new Referral("referral", "trial_signup")))),
            DEFAULT_WINDOW,
            List.of(new Funnel("signup", List.of("visit", "trial_signup", "upgrade"), Duration.ofDays(7))),
            Dimension.DEFAULTS);

    public FlywheelDefinition {
        stages = List.copyOf(stages);
        Objects.requireNonNull(window, "window");
        funnels = List.copyOf(funnels);
        dimensions = List.copyOf(dimensions);
    }

    /** Stages only: the default window, no funnels, the default dimensions. */
    public FlywheelDefinition(List<StageDefinition> stages) {
        this(stages, DEFAULT_WINDOW, List.of(), Dimension.DEFAULTS);
    }

    /** Stages, window and funnels with the default dimensions. */
    public FlywheelDefinition(List<StageDefinition> stages, Duration window, List<Funnel> funnels) {
        this(stages, window, funnels, Dimension.DEFAULTS);
    }

    /** The configured dimension of that name. */
    public Optional<Dimension> dimension(String name) {
        return dimensions.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<StageDefinition> stage(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).findFirst();
    }

    public Optional<Funnel> funnel(String name) {
        return funnels.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** One stage: its events and KPI settings. */
    public record StageDefinition(Stage stage, String name, String enteredEvent, String convertedEvent, StageKpis kpis) {
        public StageDefinition {
            Objects.requireNonNull(kpis, "kpis");
        }

        public StageDefinition(Stage stage, String name, String enteredEvent, String convertedEvent) {
            this(stage, name, enteredEvent, convertedEvent, StageKpis.NONE);
        }
    }

    /**
     * What a stage measures beyond entered and converted; each setting belongs to one stage
     * (reached value: adoption; retention, revenue, NPS: adoration; referral: advocacy).
     *
     * @param revenue the conversion event whose values are revenue (ARPU, LTV to date)
     */
    public record StageKpis(Optional<ReachedValue> reachedValue, Optional<Retention> retention, Optional<String> revenue,
                            Optional<NpsSource> nps, Optional<Referral> referral) {
        public static final StageKpis NONE = new StageKpis(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        StageKpis withReachedValue(ReachedValue value) {
            return new StageKpis(Optional.of(value), retention, revenue, nps, referral);
        }

        StageKpis withReferral(Referral value) {
            return new StageKpis(reachedValue, retention, revenue, nps, Optional.of(value));
        }
    }

    /** Adoption: a new customer (entered the stage) reached value when they did {@code event} within {@code window}. */
    public record ReachedValue(String event, Duration window) {
    }

    /** Adoration: a customer is retained when active again (any of {@code active}) within {@code within} of entering the stage. */
    public record Retention(List<String> active, Duration within) {
        public Retention {
            active = List.copyOf(active);
        }
    }

    /** Adoration: NPS from the 0-10 scores of survey events of these experiments (all survey experiments when empty). */
    public record NpsSource(List<String> experiments) {
        public NpsSource {
            experiments = List.copyOf(experiments);
        }
    }

    /**
     * Advocacy: {@code event} is an advocate sharing; a referred visitor (one who landed with an advocate's code)
     * succeeded when they did {@code success} within the flywheel window of landing.
     */
    public record Referral(String event, String success) {
    }

    /** An ordered list of events; a visitor reaches step i when they did steps 0..i in order, all within {@code window} of step 0. */
    public record Funnel(String name, List<String> steps, Duration window) {
        public Funnel {
            steps = List.copyOf(steps);
        }
    }
}
