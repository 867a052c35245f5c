package io.momentum.reporting;

import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.Status;
import io.momentum.reporting.ExperimentResults.Comparison;
import io.momentum.reporting.ExperimentResults.GoalResult;
import io.momentum.reporting.ExperimentResults.VariantResult;
import io.momentum.reporting.FlywheelReport.ExperimentEffect;
import io.momentum.reporting.FlywheelReport.StageReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Builds the flywheel report from the stage counters, the per-period series and the running experiments' results. Pure. */
public final class FlywheelCalculator {

    public FlywheelReport report(FlywheelDefinition flywheel, List<CountsReader.StageCount> counts, List<FlywheelSeries> series,
                                 ReportRange range, List<ExperimentResults> experiments, Instant now) {
        List<StageReport> stages = new ArrayList<>();
        List<StageDefinition> definitions = flywheel.stages();
        for (int i = 0; i < definitions.size(); i++) {
            StageDefinition stage = definitions.get(i);
            CountsReader.StageCount count = counts.get(i);
            Double rateFromPrevious = i == 0 || counts.get(i - 1).converted() == 0
                    ? null : (double) count.entered() / counts.get(i - 1).converted();
            String nextEvent = i + 1 < definitions.size() ? definitions.get(i + 1).convertedEvent() : null;
            List<ExperimentEffect> effects = experiments.stream()
                    .filter(r -> r.stage() == stage.stage() && r.status() == Status.RUNNING)
                    .map(r -> effect(r, nextEvent))
                    .toList();
            stages.add(new StageReport(stage.stage(), stage.name(), stage.enteredEvent(), stage.convertedEvent(),
                    count.entered(), count.converted(), count.entered() == 0 ? null : (double) count.converted() / count.entered(),
                    rateFromPrevious, effects, series.get(i).toNextStageRate(), series.get(i).kpis(), series.get(i).series()));
        }
        return new FlywheelReport(now, range.period(), range.from(), range.to(), flywheel.window().toMillis() / 86_400_000.0, stages,
                flywheel.funnels().stream().map(FlywheelDefinition.Funnel::name).toList());
    }

    /** The winner, or else the variant with the highest primary lift so far. */
    private static ExperimentEffect effect(ExperimentResults r, String nextEvent) {
        Optional<VariantResult> best = Optional.ofNullable(r.decision().winner()).flatMap(r::variant)
                .or(() -> r.variants().stream().skip(1)
                        .filter(v -> v.goals().get(r.primaryGoal()) != null && v.goals().get(r.primaryGoal()).comparison().diff() != null)
                        .max(Comparator.comparingDouble(v -> v.goals().get(r.primaryGoal()).comparison().diff())));
        Comparison primary = best.map(v -> v.goals().get(r.primaryGoal()).comparison()).orElse(null);
        Comparison next = best.flatMap(v -> Optional.ofNullable(nextEvent == null ? null : v.goals().get(nextEvent)))
                .map(GoalResult::comparison).orElse(null);
        return new ExperimentEffect(r.experiment(), r.name(), r.status(), r.decision().status(), r.decision().winner(),
                r.primaryGoal(), best.map(VariantResult::key).orElse(null),
                primary == null ? null : primary.lift(), primary == null ? null : primary.pValue(),
                nextEvent, next == null ? null : next.lift(), next == null ? null : next.pValue());
    }
}
