package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment as JSON in the shape of its YAML file (every default filled in), so that what the API shows
 * reads like what the marketer wrote, plus {@code source} and {@code load_errors}.
 */
public final class ExperimentJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExperimentJson() {
    }

    /** The definition alone, in the YAML format (validates against experiments/schema.json). */
    public static ObjectNode definition(Experiment e) {
        ObjectNode o = JSON.objectNode();
        o.put("id", e.id());
        o.put("name", e.name());
        o.put("stage", e.stage().wire());
        o.put("kind", e.kind().wire());
        o.put("status", e.status().wire());
        o.put("hypothesis", e.hypothesis());
        o.put("owner", e.owner());
        e.layer().ifPresent(layer -> {
            ObjectNode l = o.putObject("layer");
            l.put("name", layer.name());
            l.putArray("range").add(layer.start()).add(layer.end());
        });
        o.put("coverage", e.coverage());
        o.set("targeting", targeting(e.targeting()));
        ArrayNode variants = o.putArray("variants");
        e.variants().forEach(v -> variants.addObject().put("key", v.key()).put("weight", v.weight()).set("payload", v.payload()));
        o.set("goals", goals(e.goals()));
        ObjectNode analysis = o.putObject("analysis")
                .put("method", e.analysis().method().wire())
                .put("alpha", e.analysis().alpha())
                .put("power", e.analysis().power())
                .put("mde", e.analysis().mde())
                .put("min_visitors_per_variant", e.analysis().minVisitorsPerVariant())
                .put("correction", e.analysis().correction().wire());
        if (e.analysis().baseline() != null) { // the YAML leaves it out unless the marketer knows the rate
            analysis.put("baseline", e.analysis().baseline());
        }
        o.putObject("allocation")
                .put("mode", e.allocation().mode().wire())
                .put("interval", interval(e.allocation().interval()))
                .put("floor", e.allocation().floor());
        o.put("allow_forced_variants", e.allowForcedVariants());
        o.put("seed", e.seed());
        e.start().ifPresent(start -> o.put("start", start.toString()));
        e.end().ifPresent(end -> o.put("end", end.toString()));
        e.winner().ifPresent(winner -> o.put("winner", winner));
        return o;
    }

    /** The definition with where it came from and the current problems of its file (its last good version serves). */
    public static ObjectNode withStatus(Experiment e, String file, List<LoadProblem> problems) {
        ObjectNode o = definition(e);
        o.put("source", e.source());
        ArrayNode errors = o.putArray("load_errors");
        problems.stream().filter(p -> p.file().equals(file)).forEach(p -> errors.add(problem(p)));
        return o;
    }

    public static ObjectNode problem(LoadProblem p) {
        return JSON.objectNode().put("file", p.file()).put("line", p.line()).put("column", p.column())
                .put("message", p.message()).put("text", p.toString());
    }

    private static ObjectNode targeting(Targeting t) {
        ObjectNode o = JSON.objectNode();
        ArrayNode urls = o.putArray("url");
        t.urlPatterns().forEach(urls::add);
        Map<String, ObjectNode> byAttribute = new LinkedHashMap<>();
        ObjectNode attributes = o.putObject("attributes");
        for (AttributeCondition c : t.attributes()) {
            ObjectNode conditions = byAttribute.computeIfAbsent(c.attribute(), a -> attributes.putObject(a));
            String operator = c.operator().wire();
            switch (c.operator()) {
                case EQUALS -> conditions.put(operator, c.values().get(0));
                case IN, NOT_IN -> {
                    ArrayNode values = conditions.putArray(operator);
                    c.values().forEach(values::add);
                }
                case GT, GTE, LT, LTE -> conditions.put(operator, c.number());
                case REGEX -> conditions.put(operator, c.pattern());
            }
        }
        ArrayNode devices = o.putArray("device");
        t.devices().stream().sorted().forEach(devices::add);
        return o;
    }

    private static ObjectNode goals(Goals g) {
        ObjectNode o = JSON.objectNode();
        o.set("primary", goal(g.primary()));
        ArrayNode secondary = o.putArray("secondary");
        g.secondary().forEach(s -> secondary.add(goal(s)));
        ArrayNode guardrails = o.putArray("guardrails");
        g.guardrails().forEach(r -> guardrails.add(goal(r.event(), r.metric()).put("must_not", r.mustNot().wire()).put("margin", r.margin())));
        return o;
    }

    private static ObjectNode goal(Goal goal) {
        return goal(goal.event(), goal.metric()).put("source", goal.source().wire());
    }

    private static ObjectNode goal(String event, Goal.Metric metric) {
        return JSON.objectNode().put("event", event).put("metric", metric.wire());
    }

    /** Back to the YAML notation: 90m, 1h, 2d. */
    static String interval(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    static JsonNode flywheel(FlywheelDefinition f) {
        ObjectNode root = JSON.objectNode().put("window", interval(f.window()));
        ArrayNode stages = root.putArray("stages");
        f.stages().forEach(s -> {
            ObjectNode stage = stages.addObject().put("stage", s.stage().wire()).put("name", s.name())
                    .put("entered", s.enteredEvent()).put("converted", s.convertedEvent());
            FlywheelDefinition.StageKpis k = s.kpis();
            k.reachedValue().ifPresent(r -> stage.putObject("reached_value").put("event", r.event()).put("window", interval(r.window())));
            k.retention().ifPresent(r -> {
                ObjectNode retention = stage.putObject("retention").put("within", interval(r.within()));
                r.active().forEach(retention.putArray("active")::add);
            });
            k.revenue().ifPresent(r -> stage.put("revenue", r));
            k.nps().ifPresent(n -> n.experiments().forEach(stage.putObject("nps").putArray("experiments")::add));
            k.referral().ifPresent(r -> stage.putObject("referral").put("event", r.event()).put("success", r.success()));
        });
        ArrayNode funnels = root.putArray("funnels");
        f.funnels().forEach(funnel -> {
            ObjectNode o = funnels.addObject().put("name", funnel.name()).put("window", interval(funnel.window()));
            funnel.steps().forEach(o.putArray("steps")::add);
        });
        return root;
    }
}
