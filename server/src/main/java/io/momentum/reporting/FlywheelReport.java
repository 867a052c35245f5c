package io.momentum.reporting;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/flywheel}: each stage's traffic and conversion, the friction between stages, and what
 * the experiments running at each stage do to their own goal and to the next stage.
 */
public record FlywheelReport(Instant computedAt, List<StageReport> stages) {
    public FlywheelReport {
        stages = List.copyOf(stages);
    }

    /**
     * One flywheel stage.
     *
     * @param entered          unique visitors who did the stage's entered event
     * @param converted        unique visitors who did the stage's converted event
     * @param conversionRate   converted / entered
     * @param rateFromPrevious entered / the previous stage's converted: the stage-to-stage rate (1 - friction); null for the first stage
     */
    public record StageReport(Stage stage, String name, String enteredEvent, String convertedEvent,
                              long entered, long converted, Double conversionRate, Double rateFromPrevious,
                              List<ExperimentEffect> experiments) {
        public StageReport {
            experiments = List.copyOf(experiments);
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
