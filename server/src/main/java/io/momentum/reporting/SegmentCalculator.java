package io.momentum.reporting;

import io.momentum.experiment.Dimension;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.reporting.ExperimentResults.Srm;
import io.momentum.reporting.SegmentResults.Heterogeneity;
import io.momentum.reporting.SegmentResults.Segment;
import io.momentum.reporting.SegmentResults.SegmentGoal;
import io.momentum.reporting.SegmentResults.SegmentVariant;
import io.momentum.stats.ChiSquareResult;
import io.momentum.stats.HolmBonferroni;
import io.momentum.stats.InteractionZTest;
import io.momentum.stats.Proportion;
import io.momentum.stats.SampleRatioMismatchTest;
import io.momentum.stats.TwoProportionZTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Breaks results down by one dimension (pure). Within each segment every goal is compared as a converter rate
 * (two-proportion z-test against the control); p-values are Holm-adjusted across the segments, per variant and
 * goal. An interaction test per segment (segment vs the rest of the visitors, primary goal, Holm across segments)
 * names segments where the effect differs; they are mentioned in the reasons, the decision itself does not change.
 */
public final class SegmentCalculator {

    public SegmentResults compute(Experiment experiment, ExperimentResults overall, ExperimentCounts totals,
                                  String dimension, Map<String, ExperimentCounts> bySegment) {
        double alpha = overall.alpha();
        List<String> variants = experiment.variants().stream().map(Variant::key).toList();
        String control = variants.get(0);
        List<String> goals = overall.variants().isEmpty() ? List.of() : List.copyOf(overall.variants().get(0).goals().keySet());
        List<Map.Entry<String, ExperimentCounts>> ordered = new ArrayList<>(bySegment.entrySet());
        ordered.sort(Comparator.<Map.Entry<String, ExperimentCounts>>comparingInt(e -> Dimension.OTHER.equals(e.getKey()) ? 1 : 0)
                .thenComparing(e -> -exposures(e.getValue())).thenComparing(Map.Entry::getKey));

        // raw[segment][variant][goal]: the comparison, p-value adjusted below
        List<Map<String, Map<String, SegmentGoal>>> raw = new ArrayList<>();
        for (Map.Entry<String, ExperimentCounts> segment : ordered) {
            Map<String, Map<String, SegmentGoal>> perVariant = new LinkedHashMap<>();
            for (String v : variants) {
                Map<String, SegmentGoal> perGoal = new LinkedHashMap<>();
                for (String goal : goals) {
                    perGoal.put(goal, goal(segment.getValue(), control, v, goal, alpha));
                }
                perVariant.put(v, perGoal);
            }
            raw.add(perVariant);
        }
        for (String v : variants.subList(1, variants.size())) {
            for (String goal : goals) {
                adjustAcrossSegments(raw, v, goal);
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ExperimentCounts counts = ordered.get(i).getValue();
            List<SegmentVariant> rows = new ArrayList<>();
            for (String v : variants) {
                rows.add(new SegmentVariant(v, exposures(counts, v), raw.get(i).get(v)));
            }
            segments.add(new Segment(ordered.get(i).getKey(), exposures(counts), rows, srm(counts, experiment)));
        }
        List<Heterogeneity> heterogeneous = heterogeneity(ordered, totals, variants, overall, alpha);
        return new SegmentResults(withReasons(overall, dimension, heterogeneous), dimension, SegmentResults.ADJUSTMENT,
                segments, heterogeneous);
    }

    private static SegmentGoal goal(ExperimentCounts counts, String control, String variant, String goal, double alpha) {
        Proportion arm = proportion(counts, variant, goal);
        Double rate = arm.isEmpty() ? null : arm.rate();
        if (variant.equals(control)) {
            return new SegmentGoal(arm.conversions(), rate, null, null, null, null);
        }
        TwoProportionZTest.Result z = TwoProportionZTest.compare(proportion(counts, control, goal), arm, alpha);
        return new SegmentGoal(arm.conversions(), rate, z.lift(),
                z.ciLift() == null ? null : List.of(z.ciLift().lower(), z.ciLift().upper()), z.pValue(), null);
    }

    private static void adjustAcrossSegments(List<Map<String, Map<String, SegmentGoal>>> raw, String variant, String goal) {
        List<Integer> where = new ArrayList<>();
        List<Double> pValues = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Double p = raw.get(i).get(variant).get(goal).pValue();
            if (p != null) {
                where.add(i);
                pValues.add(p);
            }
        }
        if (pValues.isEmpty()) {
            return;
        }
        List<Double> adjusted = HolmBonferroni.adjust(pValues).adjusted();
        for (int k = 0; k < where.size(); k++) {
            Map<String, SegmentGoal> perGoal = raw.get(where.get(k)).get(variant);
            SegmentGoal g = perGoal.get(goal);
            perGoal.put(goal, new SegmentGoal(g.converters(), g.rate(), g.lift(), g.ciLift(), g.pValue(), adjusted.get(k)));
        }
    }

    /** Segment vs the rest of the visitors, primary goal, each treatment; Holm across the segments of each variant. */
    private static List<Heterogeneity> heterogeneity(List<Map.Entry<String, ExperimentCounts>> segments, ExperimentCounts totals,
                                                     List<String> variants, ExperimentResults overall, double alpha) {
        String goal = overall.primaryGoal();
        String control = variants.get(0);
        List<Heterogeneity> found = new ArrayList<>();
        for (String v : variants.subList(1, variants.size())) {
            List<Integer> where = new ArrayList<>();
            List<Double> pValues = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                ExperimentCounts s = segments.get(i).getValue();
                Proportion sc = proportion(s, control, goal);
                Proportion st = proportion(s, v, goal);
                Proportion tc = proportion(totals, control, goal);
                Proportion tt = proportion(totals, v, goal);
                if (tc.visitors() < sc.visitors() || tt.visitors() < st.visitors()
                        || tc.conversions() < sc.conversions() || tt.conversions() < st.conversions()) {
                    continue; // totals read a moment apart from the segments; skip rather than invent a complement
                }
                Proportion rc = rest(tc, sc);
                Proportion rt = rest(tt, st);
                InteractionZTest.Result r = InteractionZTest.compare(sc, st, rc, rt);
                if (r.pValue() != null) {
                    where.add(i);
                    pValues.add(r.pValue());
                }
            }
            if (pValues.isEmpty()) {
                continue;
            }
            List<Double> adjusted = HolmBonferroni.adjust(pValues).adjusted();
            Double overallLift = overall.variant(v).map(r -> r.goals().get(goal)).map(g -> g.comparison() == null ? null : g.comparison().lift())
                    .orElse(null);
            for (int k = 0; k < where.size(); k++) {
                if (adjusted.get(k) < alpha) {
                    ExperimentCounts s = segments.get(where.get(k)).getValue();
                    Double segmentLift = TwoProportionZTest.compare(proportion(s, control, goal), proportion(s, v, goal), alpha).lift();
                    found.add(new Heterogeneity(segments.get(where.get(k)).getKey(), v, goal, segmentLift, overallLift,
                            pValues.get(k), adjusted.get(k)));
                }
            }
        }
        return found;
    }

    private static Proportion rest(Proportion total, Proportion part) {
        long visitors = total.visitors() - part.visitors();
        return new Proportion(visitors, Math.min(visitors, total.conversions() - part.conversions()));
    }

    private static ExperimentResults withReasons(ExperimentResults r, String dimension, List<Heterogeneity> heterogeneous) {
        if (heterogeneous.isEmpty() || r.decision() == null) {
            return r;
        }
        List<String> reasons = new ArrayList<>(r.decision().reasons());
        for (Heterogeneity h : heterogeneous) {
            reasons.add(String.format(Locale.ROOT, "%s's effect on %s differs in %s %s (%s there vs %s overall, interaction adjusted p %.3f);"
                            + " the decision is for all visitors", h.variant(), h.goal(), dimension, h.segment(),
                    percent(h.segmentLift()), percent(h.overallLift()), h.pValueAdjusted()));
        }
        return r.withDecision(new ExperimentResults.Decision(r.decision().status(), r.decision().winner(), reasons));
    }

    private static String percent(Double lift) {
        return lift == null ? "no lift" : String.format(Locale.ROOT, "%+.0f %%", lift * 100);
    }

    private static Srm srm(ExperimentCounts counts, Experiment experiment) {
        List<Long> observed = experiment.variants().stream().map(v -> exposures(counts, v.key())).toList();
        if (observed.size() < 2 || observed.stream().mapToLong(Long::longValue).sum() == 0) {
            return new Srm(null, null, ResultsCalculator.SRM_THRESHOLD, false);
        }
        ChiSquareResult chi = SampleRatioMismatchTest.test(observed, experiment.variants().stream().map(Variant::weight).toList());
        return new Srm(chi.statistic(), chi.pValue(), ResultsCalculator.SRM_THRESHOLD,
                chi.pValue() != null && chi.pValue() < ResultsCalculator.SRM_THRESHOLD);
    }

    private static Proportion proportion(ExperimentCounts counts, String variant, String goal) {
        long n = exposures(counts, variant);
        long converters = counts.variant(variant).map(c -> c.goal(goal).converters()).orElse(0L);
        return new Proportion(n, Math.min(n, converters));
    }

    private static long exposures(ExperimentCounts counts, String variant) {
        return counts.variant(variant).map(VariantCounts::exposures).orElse(0L);
    }

    private static long exposures(ExperimentCounts counts) {
        return counts.variants().stream().mapToLong(VariantCounts::exposures).sum();
    }
}
