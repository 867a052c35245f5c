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
}
