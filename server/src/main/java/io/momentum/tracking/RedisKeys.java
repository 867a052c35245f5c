package io.momentum.tracking;

/**
 * Every Redis key and counter field name of the tracking feature, in one place.
 *
 * <p>All keys of one experiment share the hash tag {@code {exp-id}} and all keys of one global goal
 * share {@code {goal:name}}, so each Lua script touches a single Redis Cluster slot. The prefix
 * ({@code Storage.redisPrefix()}) comes first and must not contain braces.
 *
 * <pre>
 * P{exp}:c          hash   counters of the experiment (field names below)
 * P{exp}:x          hash   visitor -&gt; "variant|first exposure epoch ms" (unique exposure)
 * P{exp}:g:GOAL     hash   visitor -&gt; "conversions|value total" (unique converter, per-visitor total)
 * P{exp}:s          hash   visitor -&gt; survey answer (first answer counts)
 * P{exp}:r          hash   visitor -&gt; referral count
 * P{exp}:id:EVENT   string event id seen (TTL {@link #DEDUPE_TTL_SECONDS})
 * P{exp}:log        stream events of this experiment waiting for the MongoDB writer
 * P{goal:G}:c, :v, :id:EVENT, :log   the same for the global per-goal counters (flywheel)
 * Pstreams          set    every stream key above, so the writer finds them
 * </pre>
 */
public final class RedisKeys {
    /** How long an event id is remembered for idempotent retries: 7 days. */
    public static final long DEDUPE_TTL_SECONDS = 7L * 24 * 3600;

    private final String prefix;

    public RedisKeys(String prefix) {
        if (prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("redis prefix must not contain braces (they are the cluster hash tag), was " + prefix);
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The set of all stream keys the writer drains. */
    public String streams() {
        return prefix + "streams";
    }

    /** Keys of one experiment (a single cluster slot). */
    public Scope experiment(String experimentId) {
        return new Scope(prefix + "{" + experimentId + "}");
    }

    /** Keys of one global goal, counted for every visitor regardless of experiments (flywheel report). */
    public Scope goal(String goal) {
        return new Scope(prefix + "{goal:" + goal + "}");
    }

    /** The keys under one hash tag. */
    public record Scope(String tag) {
        public String counters() {
            return tag + ":c";
        }

        public String exposures() {
            return tag + ":x";
        }

        public String goalVisitors(String goal) {
            return tag + ":g:" + goal;
        }

        /** For a global goal scope: visitor -> "conversions|value total". */
        public String visitors() {
            return tag + ":v";
        }

        public String surveys() {
            return tag + ":s";
        }

        public String referrals() {
            return tag + ":r";
        }

        public String seen(String eventId) {
            return tag + ":id:" + eventId;
        }

        public String stream() {
            return tag + ":log";
        }

        /** Pattern matching every key of this scope (for rebuild). */
        public String pattern() {
            return tag.replace("[", "\\[").replace("]", "\\]").replace("*", "\\*").replace("?", "\\?") + ":*";
        }
    }

    /** Counter field names inside {@code :c}; '|' separates parts because it is in no id charset. */
    public static final class Fields {
        private Fields() {
        }

        public static String exposures(String variant) {
            return "x|" + variant;
        }

        public static String converters(String variant, String goal) {
            return "cv|" + variant + "|" + goal;
        }

        public static String conversions(String variant, String goal) {
            return "cn|" + variant + "|" + goal;
        }

        public static String valueSum(String variant, String goal) {
            return "vs|" + variant + "|" + goal;
        }

        public static String valueSumSquares(String variant, String goal) {
            return "vq|" + variant + "|" + goal;
        }

        public static String surveyScore(String variant, int score) {
            return "ss|" + variant + "|" + score;
        }

        public static String surveyChoice(String variant, String choice) {
            return "sc|" + variant + "|" + choice;
        }

        public static String referrals(String variant) {
            return "rf|" + variant;
        }

        public static String referrers(String variant) {
            return "ru|" + variant;
        }

        /** Global goal counters (no variant). */
        public static final String GOAL_CONVERTERS = "cv";
        public static final String GOAL_CONVERSIONS = "cn";
        public static final String GOAL_VALUE_SUM = "vs";
        public static final String GOAL_VALUE_SUM_SQUARES = "vq";
    }
}
