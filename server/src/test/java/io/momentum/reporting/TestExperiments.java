package io.momentum.reporting;

import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Guardrail;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import io.momentum.experiment.Variant;
import java.util.List;
import java.util.Optional;

/** Named experiment fixtures for the reporting tests. */
final class TestExperiments {
    static final FlywheelDefinition FLYWHEEL = new FlywheelDefinition(List.of(
            new StageDefinition(Stage.ACTIVATION, "Activation", "page_view", "trial_signup"),
            new StageDefinition(Stage.ADOPTION, "Adoption", "trial_signup", "feature_used"),
            new StageDefinition(Stage.ADORATION, "Adoration", "feature_used", "survey_answered"),
            new StageDefinition(Stage.ADVOCACY, "Advocacy", "survey_answered", "referral_sent")));

    private TestExperiments() {
    }

    /** An activation landing page test: control vs benefit, primary trial_signup, guardrail unsubscribe must not increase. */
    static Experiment landingPage(String id, Status status, Analysis analysis) {
        return experiment(id, id, Stage.ACTIVATION, Kind.LANDING_PAGE, status, List.of("control", "benefit"),
                new Goals(new Goal("trial_signup", Goal.Metric.CONVERSION), List.of(new Goal("first_purchase", Goal.Metric.REVENUE)),
                        List.of(new Guardrail("unsubscribe", Goal.Metric.CONVERSION, Guardrail.Direction.INCREASE))),
                analysis, Allocation.FIXED, Optional.empty());
    }

    static Experiment landingPage(String id) {
        return landingPage(id, Status.RUNNING, Analysis.DEFAULTS);
    }

    static Experiment experiment(String id, String name, Stage stage, Kind kind, Status status, List<String> variants, Goals goals,
                                 Analysis analysis, Allocation allocation, Optional<String> winner) {
        Experiment.Builder experiment = Experiment.builder(id).name(name).stage(stage).kind(kind).status(status)
                .hypothesis("a hypothesis").owner("growth-team")
                .variants(variants.stream().map(k -> new Variant(k, 1, null)).toList())
                .goals(goals).analysis(analysis).allocation(allocation);
        winner.ifPresent(experiment::winner);
        return experiment.build();
    }
}
