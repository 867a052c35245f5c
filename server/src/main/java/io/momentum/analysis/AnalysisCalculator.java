package io.momentum.analysis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.momentum.stats.BayesianBetaBinomial;
import io.momentum.stats.BenjaminiHochberg;
import io.momentum.stats.BetaArm;
import io.momentum.stats.ChiSquareIndependenceTest;
import io.momentum.stats.DaysToResult;
import io.momentum.stats.Effect;
import io.momentum.stats.HolmBonferroni;
import io.momentum.stats.Interval;
import io.momentum.stats.MixtureSprt;
import io.momentum.stats.Moments;
import io.momentum.stats.NetPromoterScore;
import io.momentum.stats.Power;
import io.momentum.stats.Proportion;
import io.momentum.stats.SampleRatioMismatchTest;
import io.momentum.stats.SampleSize;
import io.momentum.stats.ThompsonProbabilityBest;
import io.momentum.stats.TwoProportionZTest;
import io.momentum.stats.WelchTTest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The stateless statistics calculator of DESIGN §6: a method name and its JSON inputs in, the
 * result as JSON (snake_case keys, CIs as {@code [lower, upper]}, undefined values as null) out.
 * Shared by {@code momentum analyze} and {@code POST /v1/analysis}. Bad input, including an
 * unknown method or field, throws {@link IllegalArgumentException} with a message for the caller.
 */
public final class AnalysisCalculator {
    private static final double DEFAULT_ALPHA = 0.05;
    private static final Set<String> PROPORTION = Set.of("visitors", "conversions");
    private static final Set<String> MOMENTS = Set.of("n", "sum", "sum_squares");
    private static final Set<String> BETA = Set.of("alpha", "beta");
    private static final Set<String> DESIGN = Set.of("baseline_rate", "mde", "mde_type", "alpha", "power", "two_sided");

    private final ObjectMapper mapper;
    private final Map<String, Method> methods = new LinkedHashMap<>();

    /** A calculator method: the input fields it accepts and how it computes its result record. */
    private record Method(Set<String> inputs, Function<Inputs, Object> compute) {
    }

    /** Uses the naming conventions of {@code base} (a copy, so the caller's mapper is untouched). */
    public AnalysisCalculator(ObjectMapper base) {
        this.mapper = base.copy().registerModule(new SimpleModule("intervals-as-arrays")
                .addSerializer(Interval.class, new IntervalSerializer()));
        register("two_proportion_z_test", Set.of("control", "treatment", "alpha"),
                in -> TwoProportionZTest.compare(proportion(in, "control"), proportion(in, "treatment"), alpha(in)));
        register("welch_t_test", Set.of("control", "treatment", "alpha"),
                in -> WelchTTest.compare(moments(in, "control"), moments(in, "treatment"), alpha(in)));
        register("srm_chi_square", Set.of("observed", "weights"),
                in -> SampleRatioMismatchTest.test(in.counts("observed"), in.numbers("weights")));
        register("chi_square_independence", Set.of("visitors", "conversions"), AnalysisCalculator::independence);
        register("bayesian_beta_binomial", Set.of("control", "treatment", "prior"), AnalysisCalculator::bayesian);
        register("msprt_proportions", Set.of("control", "treatment", "tau2", "theta0"),
                in -> MixtureSprt.test(proportion(in, "control"), proportion(in, "treatment"),
                        in.number("tau2"), in.number("theta0", 0)));
        register("msprt_proportions_sequence", Set.of("looks", "tau2", "theta0"),
                in -> MixtureSprt.sequence(in.objects("looks", Set.of("control", "treatment")).stream()
                        .map(look -> new MixtureSprt.Look(proportion(look, "control"), proportion(look, "treatment")))
                        .toList(), in.number("tau2"), in.number("theta0", 0)));
        register("sample_size_pooled", DESIGN, in -> sampleSize(in, SampleSize.Formula.POOLED));
        register("sample_size_unpooled", DESIGN, in -> sampleSize(in, SampleSize.Formula.UNPOOLED));
        register("sample_size_evan_miller", DESIGN, in -> sampleSize(in, SampleSize.Formula.EVAN_MILLER));
        register("power_two_proportions", Set.of("baseline_rate", "mde", "mde_type", "alpha", "two_sided", "visitors_per_arm"),
                in -> Power.of(effect(in), alpha(in), twoSided(in), in.count("visitors_per_arm")));
        register("days_to_result", union(DESIGN, Set.of("visitors_per_arm", "daily_visitors_per_arm")),
                in -> DaysToResult.estimate(effect(in), alpha(in), power(in), twoSided(in),
                        in.count("visitors_per_arm"), in.number("daily_visitors_per_arm")));
        register("benjamini_hochberg", Set.of("p_values"), in -> BenjaminiHochberg.adjust(in.numbers("p_values")));
        register("holm_bonferroni", Set.of("p_values"), in -> HolmBonferroni.adjust(in.numbers("p_values")));
        register("nps", Set.of("control_counts_by_score_0_to_10", "treatment_counts_by_score_0_to_10", "alpha"),
                in -> NetPromoterScore.compare(in.counts("control_counts_by_score_0_to_10"),
                        in.counts("treatment_counts_by_score_0_to_10"), alpha(in)));
        register("thompson_prob_best", Set.of("arms"),
                in -> ThompsonProbabilityBest.of(in.objects("arms", BETA).stream().map(AnalysisCalculator::betaArm).toList()));
    }

    /** The method names this calculator knows, sorted. */
    public Set<String> methods() {
        return new TreeSet<>(methods.keySet());
    }

    /**
     * Runs a request object {@code {"method": ..., "inputs": {...}}}; other top-level fields (the
     * CLI's {@code id}) are the caller's business and ignored here.
     */
    public ObjectNode calculate(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("a request must be a JSON object {\"method\": ..., \"inputs\": {...}}, was "
                    + (request == null ? "missing" : request.getNodeType().name().toLowerCase()));
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            throw new IllegalArgumentException("\"method\" must be a string naming one of: " + String.join(", ", methods()));
        }
        return calculate(method.textValue(), request.get("inputs"));
    }

    /** Computes one method on its inputs; throws IllegalArgumentException for anything the caller got wrong. */
    public ObjectNode calculate(String method, JsonNode inputs) {
        Method known = method == null ? null : methods.get(method);
        if (known == null) {
            throw new IllegalArgumentException("unknown method " + (method == null ? "(missing)" : "\"" + method + "\"")
                    + "; known methods: " + String.join(", ", methods()));
        }
        Object result = known.compute().apply(Inputs.of(inputs, "inputs", known.inputs()));
        return mapper.valueToTree(result);
    }

    /** The mapper that writes results (snake_case, intervals as arrays); callers may use it for their envelopes. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private void register(String name, Set<String> inputs, Function<Inputs, Object> compute) {
        methods.put(name, new Method(inputs, compute));
    }

    private static Object independence(Inputs in) {
        List<Long> visitors = in.counts("visitors");
        List<Long> conversions = in.counts("conversions");
        if (visitors.size() != conversions.size()) {
            throw new IllegalArgumentException("inputs.visitors and inputs.conversions must have the same length, were "
                    + visitors.size() + " and " + conversions.size());
        }
        return ChiSquareIndependenceTest.test(java.util.stream.IntStream.range(0, visitors.size())
                .mapToObj(i -> new Proportion(visitors.get(i), conversions.get(i)))
                .toList());
    }

    private static Object bayesian(Inputs in) {
        BetaArm prior = new BetaArm(1, 1);
        if (in.has("prior")) {
            List<Double> pair = in.numbers("prior");
            if (pair.size() != 2) {
                throw new IllegalArgumentException("inputs.prior must be [alpha, beta], had " + pair.size() + " numbers");
            }
            prior = new BetaArm(pair.get(0), pair.get(1));
        }
        return BayesianBetaBinomial.compare(proportion(in, "control"), proportion(in, "treatment"), prior);
    }

    private static Object sampleSize(Inputs in, SampleSize.Formula formula) {
        return SampleSize.perArm(effect(in), alpha(in), power(in), twoSided(in), formula);
    }

    private static Proportion proportion(Inputs in, String key) {
        Inputs arm = in.object(key, PROPORTION);
        long visitors = arm.count("visitors");
        long conversions = arm.count("conversions");
        return arm.build(() -> new Proportion(visitors, conversions));
    }

    private static Moments moments(Inputs in, String key) {
        Inputs arm = in.object(key, MOMENTS);
        long n = arm.count("n");
        double sum = arm.number("sum");
        double sumSquares = arm.number("sum_squares");
        return arm.build(() -> new Moments(n, sum, sumSquares));
    }

    private static BetaArm betaArm(Inputs arm) {
        double alpha = arm.number("alpha");
        double beta = arm.number("beta");
        return arm.build(() -> new BetaArm(alpha, beta));
    }

    private static Effect effect(Inputs in) {
        String type = in.text("mde_type", "relative");
        Effect.Type mdeType = switch (type) {
            case "relative" -> Effect.Type.RELATIVE;
            case "absolute" -> Effect.Type.ABSOLUTE;
            default -> throw new IllegalArgumentException("inputs.mde_type must be \"relative\" or \"absolute\", was \"" + type + "\"");
        };
        return new Effect(in.number("baseline_rate"), in.number("mde"), mdeType);
    }

    private static double alpha(Inputs in) {
        return in.number("alpha", DEFAULT_ALPHA);
    }

    private static double power(Inputs in) {
        return in.number("power", 0.8);
    }

    private static boolean twoSided(Inputs in) {
        return in.bool("two_sided", true);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Writes an {@link Interval} as {@code [lower, upper]}, the DESIGN §6 shape of a CI. */
    private static final class IntervalSerializer extends StdSerializer<Interval> {
        IntervalSerializer() {
            super(Interval.class);
        }

        @Override
        public void serialize(Interval interval, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray();
            gen.writeNumber(interval.lower());
            gen.writeNumber(interval.upper());
            gen.writeEndArray();
        }
    }
}
