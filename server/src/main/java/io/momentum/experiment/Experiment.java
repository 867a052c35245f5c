package io.momentum.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One experiment as a marketer defined it in YAML; immutable once loaded. The components are the file's
 * top-level fields (its nested sections are records of their own) plus the file it came from, so the JSON
 * written back reads like the file.
 * Build one with {@link #builder(String)} or change a copy with {@link #toBuilder()}: the defaults of the
 * optional YAML fields live in {@link Builder} and nowhere else.
 *
 * @param seed                 hashing seed; the experiment id when not given
 * @param layer                mutual-exclusion slot, if any
 * @param winner               the winning variant key of a stopped experiment (rolled out to everyone)
 * @param allowForcedVariants  whether {@code momentum_force=exp:variant} may override assignment (QA)
 * @param source               where it was defined (file name), for messages
 */
public record Experiment(
        String id,
        String name,
        Stage stage,
        Kind kind,
        Status status,
        String hypothesis,
        String owner,
        Optional<Layer> layer,
        double coverage,
        Targeting targeting,
        List<Variant> variants,
        Goals goals,
        Analysis analysis,
        Allocation allocation,
        String seed,
        Optional<Instant> start,
        Optional<Instant> end,
        Optional<String> winner,
        boolean allowForcedVariants,
        String source) {

    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(targeting, "targeting");
        variants = List.copyOf(variants);
        Objects.requireNonNull(goals, "goals");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(source, "source");
    }

    /** A builder for the experiment {@code id}; name, stage, kind, status, variants and goals have no default. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder holding every field of this experiment, to change some of them in a copy. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.name = name;
        b.stage = stage;
        b.kind = kind;
        b.status = status;
        b.hypothesis = hypothesis;
        b.owner = owner;
        b.layer = layer;
        b.coverage = coverage;
        b.targeting = targeting;
        b.variants = variants;
        b.goals = goals;
        b.analysis = analysis;
        b.allocation = allocation;
        b.seed = seed;
        b.start = start;
        b.end = end;
        b.winner = winner;
        b.allowForcedVariants = allowForcedVariants;
        b.source = source;
        return b;
    }

    /** Whether it assigns by weights and counts events at {@code now}: status running and inside its schedule. */
    public boolean runningAt(Instant now) {
        return status == Status.RUNNING && SchedulePhase.of(this, now) == SchedulePhase.LIVE;
    }

    /**
     * The variant shown to everyone targeted at {@code now}, if any: the winner of a stopped experiment, or of a
     * running one whose {@code end} has passed.
     */
    public Optional<String> rolloutAt(Instant now) {
        boolean over = status == Status.STOPPED || status == Status.RUNNING && SchedulePhase.of(this, now) == SchedulePhase.ENDED;
        return over ? winner : Optional.empty();
    }

    public Optional<Variant> variant(String key) {
        return variants.stream().filter(v -> v.key().equals(key)).findFirst();
    }

    /** The first variant is the control everything is compared with. */
    public Variant control() {
        return variants.get(0);
    }

    /**
     * Builds an {@link Experiment}. The initial values are the defaults of the YAML format (README "Writing an
     * experiment"): no hypothesis or owner, no layer, coverage 1, everyone targeted, {@link Analysis#DEFAULTS},
     * {@link Allocation#FIXED}, the id as seed, no start, end or winner, forced variants not allowed, and
     * {@code <id>.yaml} as source.
     */
    public static final class Builder {
        private final String id;
        private String name;
        private Stage stage;
        private Kind kind;
        private Status status;
        private String hypothesis = "";
        private String owner = "";
        private Optional<Layer> layer = Optional.empty();
        private double coverage = 1.0;
        private Targeting targeting = Targeting.EVERYONE;
        private List<Variant> variants;
        private Goals goals;
        private Analysis analysis = Analysis.DEFAULTS;
        private Allocation allocation = Allocation.FIXED;
        /** Null until set: the seed defaults to the id. */
        private String seed;
        private Optional<Instant> start = Optional.empty();
        private Optional<Instant> end = Optional.empty();
        private Optional<String> winner = Optional.empty();
        private boolean allowForcedVariants;
        private String source;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder stage(Stage stage) {
            this.stage = stage;
            return this;
        }

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder hypothesis(String hypothesis) {
            this.hypothesis = hypothesis;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder layer(Layer layer) {
            this.layer = Optional.of(layer);
            return this;
        }

        public Builder coverage(double coverage) {
            this.coverage = coverage;
            return this;
        }

        public Builder targeting(Targeting targeting) {
            this.targeting = targeting;
            return this;
        }

        public Builder variants(List<Variant> variants) {
            this.variants = variants;
            return this;
        }

        public Builder goals(Goals goals) {
            this.goals = goals;
            return this;
        }

        public Builder analysis(Analysis analysis) {
            this.analysis = analysis;
            return this;
        }

        public Builder allocation(Allocation allocation) {
            this.allocation = allocation;
            return this;
        }

        public Builder seed(String seed) {
            this.seed = seed;
            return this;
        }

        public Builder start(Instant start) {
            this.start = Optional.of(start);
            return this;
        }

        public Builder end(Instant end) {
            this.end = Optional.of(end);
            return this;
        }

        public Builder winner(String winner) {
            this.winner = Optional.of(winner);
            return this;
        }

        public Builder allowForcedVariants(boolean allowed) {
            this.allowForcedVariants = allowed;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Throws {@link NullPointerException} naming the first required field that was not set. */
        public Experiment build() {
            return new Experiment(id, name, stage, kind, status, hypothesis, owner, layer, coverage, targeting,
                    Objects.requireNonNull(variants, "variants"), goals, analysis, allocation, seed == null ? id : seed,
                    start, end, winner, allowForcedVariants, source == null ? id + ".yaml" : source);
        }
    }
}
