package io.momentum.experiment;

import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every goal an experiment is judged on, in report order: the primary goal, the secondary goals, the
 * guardrails, and the implicit "downstream" guardrails: the converted event of every later flywheel
 * stage (a landing page must not lower adoption among the visitors it brought). Tracking counts these
 * events per experiment too ({@link #events()}).
 */
public record GoalPlan(List<PlannedGoal> goals, Map<String, Stage> downstreamStages) {
    public GoalPlan {
        goals = List.copyOf(goals);
        downstreamStages = Map.copyOf(downstreamStages);
    }

    /** One goal and why it is measured; {@code mustNot} for guardrails and downstream goals, {@code margin} for guardrails. */
    public record PlannedGoal(String event, GoalRole role, Goal.Metric metric, Guardrail.Direction mustNot, double margin) {
        public PlannedGoal(String event, GoalRole role, Goal.Metric metric, Guardrail.Direction mustNot) {
            this(event, role, metric, mustNot, Guardrail.DEFAULT_MARGIN);
        }
    }

    public static GoalPlan of(Experiment experiment, FlywheelDefinition flywheel) {
        Map<String, PlannedGoal> goals = new LinkedHashMap<>();
        Goal primary = experiment.goals().primary();
        goals.put(primary.event(), new PlannedGoal(primary.event(), GoalRole.PRIMARY, primary.metric(), null));
        for (Goal goal : experiment.goals().secondary()) {
            goals.putIfAbsent(goal.event(), new PlannedGoal(goal.event(), GoalRole.SECONDARY, goal.metric(), null));
        }
        for (Guardrail guardrail : experiment.goals().guardrails()) {
            goals.putIfAbsent(guardrail.event(), new PlannedGoal(guardrail.event(), GoalRole.GUARDRAIL, guardrail.metric(), guardrail.mustNot(),
                    guardrail.margin()));
        }
        Map<String, Stage> downstream = new LinkedHashMap<>();
        for (StageDefinition later : laterStages(experiment, flywheel)) {
            if (goals.putIfAbsent(later.convertedEvent(),
                    new PlannedGoal(later.convertedEvent(), GoalRole.DOWNSTREAM, Goal.Metric.CONVERSION, Guardrail.Direction.DECREASE)) == null) {
                downstream.put(later.convertedEvent(), later.stage());
            }
        }
        return new GoalPlan(new ArrayList<>(goals.values()), downstream);
    }

    /** The flywheel stages after the experiment's own stage, in flywheel order. */
    static List<StageDefinition> laterStages(Experiment experiment, FlywheelDefinition flywheel) {
        List<StageDefinition> stages = flywheel == null ? List.of() : flywheel.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).stage() == experiment.stage()) {
                return stages.subList(i + 1, stages.size());
            }
        }
        return List.of();
    }

    /** Every event counted for the experiment. */
    public List<String> events() {
        return goals.stream().map(PlannedGoal::event).toList();
    }

    public PlannedGoal goal(String event) {
        return goals.stream().filter(g -> g.event().equals(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no goal " + event + " in this plan"));
    }

    public PlannedGoal primary() {
        return goals.get(0);
    }
}
