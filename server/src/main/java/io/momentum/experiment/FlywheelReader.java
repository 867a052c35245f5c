package io.momentum.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Reads {@code flywheel.yaml}: the four stages in order, each with the event that enters it and the one that converts it. */
public final class FlywheelReader {
    /** The file name the catalog and the validate command look for. */
    public static final String FILE_NAME = "flywheel.yaml";
    public static final List<String> FIELDS = List.of("stages", "dimensions");
    public static final List<String> DIMENSION_FIELDS = List.of("name", "max_values");
    public static final List<String> STAGE_FIELDS = List.of("stage", "name", "entered", "converted");

    private FlywheelReader() {
    }

    /** The outcome of reading flywheel.yaml: the definition when valid, otherwise its problems. */
    public record Result(Optional<FlywheelDefinition> flywheel, List<LoadProblem> problems) {
    }

    public static Result read(Path path, String file) {
        Problems problems = new Problems(file);
        Optional<FlywheelDefinition> flywheel = YamlSource.read(path, problems).flatMap(root -> flywheel(root, problems));
        return result(flywheel, problems);
    }

    public static Result read(String text, String file) {
        Problems problems = new Problems(file);
        return result(YamlSource.parse(text, problems).flatMap(root -> flywheel(root, problems)), problems);
    }

    private static Result result(Optional<FlywheelDefinition> flywheel, Problems problems) {
        List<LoadProblem> found = problems.sorted();
        return new Result(found.isEmpty() ? flywheel : Optional.empty(), found);
    }

    private static Optional<FlywheelDefinition> flywheel(Node root, Problems problems) {
        Optional<YamlMapping> opened = YamlMapping.open(root, "", FIELDS, problems);
        Optional<Node> stagesNode = opened.flatMap(m -> m.require("stages", "the four stages in order: activation, adoption, adoration, advocacy"));
        Optional<List<Node>> items = stagesNode.flatMap(n -> YamlMapping.list(n, "stages", false, problems));
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Stage[] order = Stage.values();
        if (items.get().size() != order.length) {
            problems.at(stagesNode.get(), "stages must list the four flywheel stages in order (activation, adoption, adoration, advocacy), found "
                    + items.get().size());
            return Optional.empty();
        }
        List<FlywheelDefinition.StageDefinition> stages = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            stage(items.get().get(i), "stages[" + i + "]", order[i], problems).ifPresent(stages::add);
        }
        List<Dimension> dimensions = opened.flatMap(m -> m.get("dimensions").map(n -> dimensions(n, problems))).orElse(Dimension.DEFAULTS);
        return problems.isEmpty() ? Optional.of(new FlywheelDefinition(stages, dimensions)) : Optional.empty();
    }

    /** {@code dimensions: [channel, {name: utm_campaign, max_values: 100}]}: names, optionally with a cardinality cap. */
    private static List<Dimension> dimensions(Node node, Problems problems) {
        List<Dimension> dimensions = new ArrayList<>();
        List<Node> items = YamlMapping.list(node, "dimensions", false, problems).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = "dimensions[" + i + "]";
            Optional<Node> nameNode = Optional.of(item);
            int max = Dimension.DEFAULT_MAX_VALUES;
            if (item instanceof org.yaml.snakeyaml.nodes.MappingNode) {
                Optional<YamlMapping> m = YamlMapping.open(item, path, DIMENSION_FIELDS, problems);
                nameNode = m.flatMap(x -> x.require("name", "the visitor attribute to break results down by, such as channel"));
                java.util.OptionalDouble cap = m.map(x -> x.number("max_values")).orElse(java.util.OptionalDouble.empty());
                if (cap.isPresent()) {
                    double v = cap.getAsDouble();
                    if (v != Math.rint(v) || v < 1 || v > Dimension.MAX_MAX_VALUES) {
                        problems.at(m.get().get("max_values").orElseThrow(), path + ".max_values must be a whole number from 1 to "
                                + Dimension.MAX_MAX_VALUES + ", found " + YamlMapping.describe(m.get().get("max_values").orElseThrow()));
                        continue;
                    }
                    max = (int) v;
                }
            }
            Optional<Node> named = nameNode;
            Optional<String> name = named.flatMap(n -> YamlMapping.text(n, path + (item == n ? "" : ".name"), problems));
            if (name.isEmpty()) {
                continue;
            }
            if (!Dimension.NAME.matcher(name.get()).matches()) {
                problems.at(named.get(), path + " must be an attribute name of 1-32 lower-case letters, digits or _ starting with a letter, found \""
                        + YamlMapping.shorten(name.get()) + "\"");
            } else if (dimensions.stream().anyMatch(d -> d.name().equals(name.get()))) {
                problems.at(named.get(), path + " repeats the dimension \"" + name.get() + "\"; list each once");
            } else {
                dimensions.add(new Dimension(name.get(), max));
            }
        }
        return dimensions;
    }

    private static Optional<FlywheelDefinition.StageDefinition> stage(Node node, String path, Stage expected, Problems problems) {
        return YamlMapping.open(node, path, STAGE_FIELDS, problems).flatMap(m -> {
            Optional<String> stage = m.require("stage", "the stage name, here " + expected.wire()).flatMap(n -> YamlMapping.text(n, m.path("stage"), problems));
            if (stage.isPresent() && !stage.get().equals(expected.wire())) {
                problems.at(m.get("stage").orElseThrow(), m.path("stage") + " must be " + expected.wire()
                        + " (the stages are listed in flywheel order: activation, adoption, adoration, advocacy), found \""
                        + YamlMapping.shorten(stage.get()) + "\"");
            }
            String defaultName = expected.wire().substring(0, 1).toUpperCase(Locale.ROOT) + expected.wire().substring(1);
            String name = m.text("name").orElse(defaultName);
            Optional<String> entered = event(m, "entered", "the event that means a visitor entered this stage", problems);
            Optional<String> converted = event(m, "converted", "the event that means a visitor converted in this stage", problems);
            return entered.isPresent() && converted.isPresent()
                    ? Optional.of(new FlywheelDefinition.StageDefinition(expected, name, entered.get(), converted.get()))
                    : Optional.empty();
        });
    }

    private static Optional<String> event(YamlMapping m, String field, String hint, Problems problems) {
        Optional<String> event = m.require(field, hint).flatMap(n -> YamlMapping.text(n, m.path(field), problems));
        if (event.isPresent() && !ExperimentReader.EVENT.matcher(event.get()).matches()) {
            problems.at(m.get(field).orElseThrow(), m.path(field) + " must be an event name of letters, digits, _ . : or - (at most 64), found \""
                    + YamlMapping.shorten(event.get()) + "\"");
            return Optional.empty();
        }
        return event;
    }
}
