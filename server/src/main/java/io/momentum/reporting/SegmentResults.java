package io.momentum.reporting;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/experiments/{id}/results?dimension=D}: the normal results (their decision unchanged but for reasons
 * naming segments where the effect differs) plus the same comparison within each value of the dimension.
 *
 * @param adjustment  how per-segment p-values are adjusted: Holm across the segments of the dimension, separately
 *                    for each variant and goal
 * @param heterogeneous segments where a variant's effect on the primary goal differs from the rest of the visitors
 */
public record SegmentResults(@JsonUnwrapped ExperimentResults results, String dimension, String adjustment,
                             List<Segment> segments, List<Heterogeneity> heterogeneous) {
    public static final String ADJUSTMENT = "holm across the segments, for each variant and goal";

    public SegmentResults {
        segments = List.copyOf(segments);
        heterogeneous = List.copyOf(heterogeneous);
    }

    /** One value of the dimension. */
    public record Segment(String value, long exposures, List<SegmentVariant> variants, ExperimentResults.Srm srm) {
        public Segment {
            variants = List.copyOf(variants);
        }
    }

    public record SegmentVariant(String key, long exposures, Map<String, SegmentGoal> goals) {
        public SegmentVariant {
            goals = Map.copyOf(goals);
        }
    }

    /** A goal within a segment: null comparison fields for the control and while there is not enough data. */
    public record SegmentGoal(long converters, Double rate, Double lift, List<Double> ciLift, Double pValue, Double pValueAdjusted) {
    }

    /**
     * A variant whose effect on the primary goal in this segment differs from its effect on everyone else
     * (interaction z-test, Holm-adjusted across the segments).
     */
    public record Heterogeneity(String segment, String variant, String goal, Double segmentLift, Double overallLift,
                                double pValue, double pValueAdjusted) {
    }
}
