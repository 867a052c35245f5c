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
 * P{exp}:d          hash   visitor -&gt; "dimension|value|dimension|value" (segments fixed at the first exposure)
 * P{exp}:sc         hash   per-segment counters (field names below, with "|dimension|value" appended); a bandit's
 *                          weight-period cohorts are the dimension {@link Fields#PERIOD_DIMENSION} (value: period index)
 * P{exp}:dv         hash   "dimension|value" -&gt; 1 and "dimension" -&gt; distinct values counted (cardinality cap)
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

        /** Visitor -> the segments fixed at their first exposure. */
        public String segments() {
            return tag + ":d";
        }

        public String segmentCounters() {
            return tag + ":sc";
        }

        /** The distinct values each dimension has counted so far (for the cardinality cap). */
        public String segmentValues() {
            return tag + ":dv";
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

    /**
     * Counter field names inside {@code :c}: a kind, then variant and goal, joined by '|' (it is in no id
     * charset). The Lua scripts see the kinds as the table {@code COUNTER} ({@link #lua()}).
     */
    public static final class Fields {
        static final String SEPARATOR = "|";
        static final String EXPOSURES = "x";
        static final String CONVERTERS = "cv";
        static final String CONVERSIONS = "cn";
        static final String VALUE_SUM = "vs";
        static final String VALUE_SUM_SQUARES = "vq";
        static final String SURVEY_SCORE = "ss";
        static final String SURVEY_CHOICE = "sc";
        static final String REFERRALS = "rf";
        static final String REFERRERS = "ru";
        /**
         * The segment dimension of a bandit visitor's weight period, fixed at the first exposure like every segment:
         * its counters are true cohorts (a conversion counts in the period its visitor was first exposed in). Not a
         * valid flywheel dimension name, so it never collides with one.
         */
        public static final String PERIOD_DIMENSION = "@period";
        /** Distinct periods counted per experiment before later ones would count as (other): never reached in practice. */
        static final int MAX_PERIODS = 1_000_000;

        /** Global goal counters (no variant). */
        public static final String GOAL_CONVERTERS = CONVERTERS;
        public static final String GOAL_CONVERSIONS = CONVERSIONS;
        public static final String GOAL_VALUE_SUM = VALUE_SUM;
        public static final String GOAL_VALUE_SUM_SQUARES = VALUE_SUM_SQUARES;

        private Fields() {
        }

        public static String exposures(String variant) {
            return EXPOSURES + SEPARATOR + variant;
        }

        public static String converters(String variant, String goal) {
            return join(CONVERTERS, variant, goal);
        }

        public static String conversions(String variant, String goal) {
            return join(CONVERSIONS, variant, goal);
        }

        public static String valueSum(String variant, String goal) {
            return join(VALUE_SUM, variant, goal);
        }

        public static String valueSumSquares(String variant, String goal) {
            return join(VALUE_SUM_SQUARES, variant, goal);
        }

        public static String surveyScore(String variant, int score) {
            return join(SURVEY_SCORE, variant, Integer.toString(score));
        }

        public static String surveyChoice(String variant, String choice) {
            return join(SURVEY_CHOICE, variant, choice);
        }

        public static String referrals(String variant) {
            return REFERRALS + SEPARATOR + variant;
        }

        public static String referrers(String variant) {
            return REFERRERS + SEPARATOR + variant;
        }

        /** A visitor's survey answer as the answers hash and the stream keep it: {@code "ss|9"} or {@code "sc|choice"}. */
        public static String surveyAnswer(int score) {
            return SURVEY_SCORE + SEPARATOR + score;
        }

        public static String surveyAnswer(String choice) {
            return SURVEY_CHOICE + SEPARATOR + choice;
        }

        /** The counter a stored answer increments in a variant: "ss|9" -> "ss|variant|9" (survey.lua does the same). */
        public static String surveyAnswerCounter(String variant, String answer) {
            int bar = answer.indexOf(SEPARATOR);
            return join(answer.substring(0, bar), variant, answer.substring(bar + 1));
        }

        /** A counter field of one segment (in {@code :sc}): the experiment-wide field, then "|dimension|value". */
        public static String segment(String field, String dimension, String value) {
            return field + SEPARATOR + dimension + SEPARATOR + value;
        }

        /** The visitor's segments as {@code :d} and the stream keep them: "dimension|value|dimension|value". */
        public static String segments(java.util.Map<String, String> valueByDimension) {
            java.util.StringJoiner joined = new java.util.StringJoiner(SEPARATOR);
            valueByDimension.forEach((dimension, value) -> joined.add(dimension + SEPARATOR + value));
            return joined.toString();
        }

        /** The inverse of {@link #segments(java.util.Map)}, in order. */
        public static java.util.Map<String, String> parseSegments(String text) {
            java.util.Map<String, String> segments = new java.util.LinkedHashMap<>();
            if (text == null || text.isEmpty()) {
                return segments;
            }
            String[] parts = text.split("\\|");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                segments.put(parts[i], parts[i + 1]);
            }
            return segments;
        }

        /**
         * A field of {@code :sc} split into the experiment-wide field it refines and its dimension and value:
         * {@code "cv|treatment|signup|channel|email"} -> ("cv|treatment|signup", "channel", "email").
         */
        public record SegmentField(String field, String dimension, String value) {
            public static java.util.Optional<SegmentField> parse(String segmentField) {
                int valueBar = segmentField.lastIndexOf(SEPARATOR);
                int dimensionBar = valueBar <= 0 ? -1 : segmentField.lastIndexOf(SEPARATOR, valueBar - 1);
                if (dimensionBar <= 0) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new SegmentField(segmentField.substring(0, dimensionBar),
                        segmentField.substring(dimensionBar + 1, valueBar), segmentField.substring(valueBar + 1)));
            }
        }

        private static String join(String kind, String variant, String detail) {
            return kind + SEPARATOR + variant + SEPARATOR + detail;
        }

        /** {@code local COUNTER = {exposures = 'x', ...}}: the counter kinds for the Lua scripts. */
        static String lua() {
            java.util.Map<String, String> kinds = new java.util.LinkedHashMap<>();
            kinds.put("exposures", EXPOSURES);
            kinds.put("converters", CONVERTERS);
            kinds.put("conversions", CONVERSIONS);
            kinds.put("value_sum", VALUE_SUM);
            kinds.put("value_sum_squares", VALUE_SUM_SQUARES);
            kinds.put("referrals", REFERRALS);
            kinds.put("referrers", REFERRERS);
            return StreamFields.luaTable("COUNTER", kinds);
        }
    }
}
