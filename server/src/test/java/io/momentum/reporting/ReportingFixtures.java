package io.momentum.reporting;

import io.momentum.experiment.Allocation;
import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Goal;
import io.momentum.experiment.Goals;
import io.momentum.experiment.Kind;
import io.momentum.experiment.Stage;
import io.momentum.experiment.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Public fixtures for tests in other packages. */
public final class ReportingFixtures {
    private ReportingFixtures() {
    }

    /** A running three-arm reward bandit on the primary goal {@code referral}, re-weighted every minute. */
    public static Experiment reward(String id) {
        return TestExperiments.experiment(id, id, Stage.ADVOCACY, Kind.REWARD, Status.RUNNING, List.of("discount", "credit", "swag"),
                new Goals(new Goal("referral", Goal.Metric.CONVERSION), List.of(), List.of()), Analysis.DEFAULTS,
                new Allocation(Allocation.Mode.BANDIT, Duration.ofMinutes(1), 0.05), Optional.empty());
    }

    /** Results of a running landing page (control, benefit; trial_signup, unsubscribe guardrail, downstream goal) from counts. */
    public static ExperimentResults landingPageResults(String id, long controlExposures, long controlSignups,
                                                       long benefitExposures, long benefitSignups) {
        Experiment experiment = TestExperiments.landingPage(id);
        ExperimentCounts counts = new ExperimentCounts(id, List.of(
                new VariantCounts("control", controlExposures, java.util.Map.of("trial_signup",
                        new GoalCounts(controlSignups, controlSignups + 7, 123_456, 0)), null, 0),
                new VariantCounts("benefit", benefitExposures, java.util.Map.of("trial_signup",
                        new GoalCounts(benefitSignups, benefitSignups + 3, 654_321, 0)), null, 0)));
        return new ResultsCalculator().compute(experiment, TestExperiments.FLYWHEEL, counts,
                ResultsCalculator.Context.fixed(experiment, 1234.5, java.time.Instant.parse("2026-11-20T10:00:00Z")));
    }
}
