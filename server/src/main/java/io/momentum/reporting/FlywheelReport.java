package io.momentum.reporting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/flywheel}: each stage's traffic and conversion, the friction between stages, and what
 * the experiments running at each stage do to their own goal and to the next stage; per cohort period
 * (from the event log) the stage's series and KPIs.
 *
 * @param windowDays the friction window of flywheel.yaml
 * @param funnels    the names of the funnels of flywheel.yaml
 */
public record FlywheelReport(Instant computedAt, Period period, Instant from, Instant to, double windowDays,
                             List<StageReport> stages, List<String> funnels,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String dimension,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<Segment> segments) {
    public FlywheelReport {
        stages = List.copyOf(stages);
        funnels = List.copyOf(funnels);
        segments = segments == null ? null : List.copyOf(segments);
    }

    public FlywheelReport(Instant computedAt, Period period, Instant from, Instant to, double windowDays, List<StageReport> stages,
                          List<String> funnels) {
        this(computedAt, period, from, to, windowDays, stages, funnels, null, null);
    }

    /** The same report broken down by {@code dimension}. */
    public FlywheelReport withSegments(String dimension, List<Segment> segments) {
        return new FlywheelReport(computedAt, period, from, to, windowDays, stages, funnels, dimension, segments);
    }

    /** The visitors with one value of the dimension: each stage's series, as for all visitors. */
    public record Segment(String value, List<SegmentStage> stages) {
        public Segment {
            stages = List.copyOf(stages);
        }
    }

    /** One stage within a segment (the series and KPIs; the counters and experiments are for all visitors only). */
    public record SegmentStage(Stage stage, Double toNextStageRate, List<FlywheelSeries.Kpi> kpis, List<FlywheelSeries.Point> series) {
        public SegmentStage {
            kpis = List.copyOf(kpis);
            series = List.copyOf(series);
        }
    }

    /**
     * One flywheel stage.
     *
     * @param entered          unique visitors who did the stage's entered event
     * @param converted        unique visitors who did the stage's converted event
     * @param conversionRate   converted / entered
     * @param rateFromPrevious entered / the previous stage's converted (all-time counters); 1.0 when a stage enters on the
     *                         previous one's converted event: {@code to_next_stage_rate} of the previous stage is the friction
     * @param toNextStageRate  over the range: of the visitors converting here, the share converting at the next stage within the window
     * @param kpis             the stage's KPIs over the range
     * @param series           one point per cohort period of the range
     */
    public record StageReport(Stage stage, String name, String enteredEvent, String convertedEvent,
                              long entered, long converted, Double conversionRate, Double rateFromPrevious,
                              List<ExperimentEffect> experiments, Double toNextStageRate, List<FlywheelSeries.Kpi> kpis,
                              List<FlywheelSeries.Point> series) {
        public StageReport {
            experiments = List.copyOf(experiments);
            kpis = List.copyOf(kpis);
            series = List.copyOf(series);
        }
    }

    /**
     * One experiment at a stage: the effect of its best variant (highest primary lift) on its primary goal
     * and on the next stage's converted event among its own exposed visitors.
     */
    public record ExperimentEffect(String experiment, String name, Status status, DecisionStatus decision, String winner,
                                   String primaryGoal, String variant, Double lift, Double pValue,
                                   String nextStageEvent, Double nextStageLift,
                                   @JsonProperty("next_stage_p_value") Double nextStagePValue) {
        /** The key this field had before it got the documented name; kept for one version, remove in the next. */
        @Deprecated
        @JsonProperty("next_stage_pvalue")
        public Double nextStagePValueOldKey() {
            return nextStagePValue;
        }
    }
}
