package io.momentum.experiment;

import io.momentum.experiment.FlywheelDefinition.Funnel;
import io.momentum.experiment.FlywheelDefinition.NpsSource;
import io.momentum.experiment.FlywheelDefinition.ReachedValue;
import io.momentum.experiment.FlywheelDefinition.Referral;
import io.momentum.experiment.FlywheelDefinition.Retention;
import io.momentum.experiment.FlywheelDefinition.StageKpis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code flywheel.yaml}: the friction window, the four stages in order (each with the event that enters it,
 * the one that converts it and its KPI settings) and the named funnels.
 */
public final class FlywheelReader {
    /** The file name the catalog and the validate command look for. */
    public static final String FILE_NAME = "flywheel.yaml";
    public static final List<String> FIELDS = List.of("window", "stages", "funnels", "dimensions");
    public static final List<String> DIMENSION_FIELDS = List.of("name", "max_values");
    public static final List<String> STAGE_FIELDS = List.of("stage", "name", "entered", "converted");
    /** The KPI settings each stage may have besides {@link #STAGE_FIELDS}. */
    public static final Map<Stage, List<String>> KPI_FIELDS = Map.of(Stage.ACTIVATION, List.of(),
            Stage.ADOPTION, List.of("reached_value"), Stage.ADORATION, List.of("retention", "revenue", "nps"),
            Stage.ADVOCACY, List.of("referral"));
    public static final List<String> FUNNEL_FIELDS = List.of("name", "steps", "window");
    /** Funnels longer than this are a mistake; the report is one pass per step. */
    public static final int MAX_FUNNEL_STEPS = 20;
    static final Duration DEFAULT_FUNNEL_WINDOW = Duration.ofDays(7);
    private static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,4})([hd])");
    private static final Pattern FUNNEL_NAME = Pattern.compile("[a-z0-9-]{1,64}");

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
        Optional<Duration> window = opened.flatMap(m -> m.get("window")).flatMap(n -> duration(n, "window", problems));
        List<Funnel> funnels = opened.map(m -> funnels(m, problems)).orElse(List.of());
        return problems.isEmpty()
                ? Optional.of(new FlywheelDefinition(stages, window.orElse(FlywheelDefinition.DEFAULT_WINDOW), funnels, dimensions))
                : Optional.empty();
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
        List<String> allowed = new ArrayList<>(STAGE_FIELDS);
        allowed.addAll(KPI_FIELDS.get(expected));
        return YamlMapping.open(node, path, allowed, problems).flatMap(m -> {
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
            StageKpis kpis = kpis(m, problems);
            return entered.isPresent() && converted.isPresent()
                    ? Optional.of(new FlywheelDefinition.StageDefinition(expected, name, entered.get(), converted.get(), kpis))
                    : Optional.empty();
        });
    }

    /** The stage's KPI settings; a field the stage does not allow was already reported as unknown. */
    private static StageKpis kpis(YamlMapping m, Problems problems) {
        Optional<ReachedValue> reached = m.mapping("reached_value", List.of("event", "window")).flatMap(r -> {
            Optional<String> event = event(r, "event", "the event that means a new customer reached value", problems);
            Optional<Duration> window = r.require("window", "how soon after entering the stage, e.g. 14d")
                    .flatMap(n -> duration(n, r.path("window"), problems));
            return event.isPresent() && window.isPresent() ? Optional.of(new ReachedValue(event.get(), window.get())) : Optional.empty();
        });
        Optional<Retention> retention = m.mapping("retention", List.of("active", "within")).flatMap(r -> {
            Optional<List<String>> active = r.require("active", "the events that mean a customer is active again, e.g. [visit, feature_used]")
                    .flatMap(n -> events(n, r.path("active"), problems));
            Optional<Duration> within = r.require("within", "how soon after becoming a customer, e.g. 30d")
                    .flatMap(n -> duration(n, r.path("within"), problems));
            return active.isPresent() && within.isPresent() ? Optional.of(new Retention(active.get(), within.get())) : Optional.empty();
        });
        Optional<String> revenue = m.has("revenue") ? event(m, "revenue", "the conversion event whose value is revenue", problems)
                : Optional.empty();
        Optional<NpsSource> nps = m.mapping("nps", List.of("experiments")).map(n -> new NpsSource(n.get("experiments")
                .flatMap(e -> YamlMapping.list(e, n.path("experiments"), true, problems)).map(list -> texts(list, n.path("experiments"), problems))
                .orElse(List.of())));
        Optional<Referral> referral = m.mapping("referral", List.of("event", "success")).flatMap(r -> {
            Optional<String> event = event(r, "event", "the event of an advocate sharing, e.g. referral", problems);
            Optional<String> success = event(r, "success", "what a referred visitor's success is, e.g. trial_signup", problems);
            return event.isPresent() && success.isPresent() ? Optional.of(new Referral(event.get(), success.get())) : Optional.empty();
        });
        return new StageKpis(reached, retention, revenue, nps, referral);
    }

    private static List<Funnel> funnels(YamlMapping root, Problems problems) {
        Optional<List<Node>> items = root.list("funnels", false);
        List<Funnel> funnels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.map(List::size).orElse(0); i++) {
            String path = "funnels[" + i + "]";
            YamlMapping.open(items.get().get(i), path, FUNNEL_FIELDS, problems).ifPresent(f -> {
                Optional<String> name = f.require("name", "the funnel's name in the API, e.g. signup")
                        .flatMap(n -> YamlMapping.text(n, f.path("name"), problems));
                if (name.isPresent() && !FUNNEL_NAME.matcher(name.get()).matches()) {
                    problems.at(f.get("name").orElseThrow(), f.path("name") + " must be 1-64 of [a-z0-9-], found \""
                            + YamlMapping.shorten(name.get()) + "\"");
                    name = Optional.empty();
                } else if (name.isPresent() && !names.add(name.get())) {
                    problems.at(f.get("name").orElseThrow(), f.path("name") + " \"" + name.get() + "\" is used by an earlier funnel; names must be unique");
                    name = Optional.empty();
                }
                Optional<List<String>> steps = f.require("steps", "the events in order, e.g. [visit, pricing_view, trial_signup]")
                        .flatMap(n -> events(n, f.path("steps"), problems));
                if (steps.isPresent() && (steps.get().size() < 2 || steps.get().size() > MAX_FUNNEL_STEPS)) {
                    problems.at(f.get("steps").orElseThrow(), f.path("steps") + " must list 2 to " + MAX_FUNNEL_STEPS + " events, found "
                            + steps.get().size());
                    steps = Optional.empty();
                }
                Optional<Duration> window = f.get("window").isPresent()
                        ? f.get("window").flatMap(n -> duration(n, f.path("window"), problems)) : Optional.of(DEFAULT_FUNNEL_WINDOW);
                if (name.isPresent() && steps.isPresent() && window.isPresent()) {
                    funnels.add(new Funnel(name.get(), steps.get(), window.get()));
                }
            });
        }
        return funnels;
    }

    /** A list of event names (a single name is a list of one). */
    private static Optional<List<String>> events(Node node, String path, Problems problems) {
        Optional<List<Node>> items = YamlMapping.list(node, path, true, problems);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<String> events = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < items.get().size(); i++) {
            Node item = items.get().get(i);
            Optional<String> event = YamlMapping.text(item, path + "[" + i + "]", problems);
            if (event.isPresent() && !ExperimentReader.EVENT.matcher(event.get()).matches()) {
                problems.at(item, path + "[" + i + "] must be an event name of letters, digits, _ . : or - (at most 64), found \""
                        + YamlMapping.shorten(event.get()) + "\"");
                event = Optional.empty();
            }
            event.ifPresent(events::add);
            valid &= event.isPresent();
        }
        if (valid && events.isEmpty()) {
            problems.at(node, path + " must list at least one event");
            return Optional.empty();
        }
        return valid ? Optional.of(events) : Optional.empty();
    }

    private static List<String> texts(List<Node> items, String path, Problems problems) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping.text(items.get(i), path + "[" + i + "]", problems).ifPresent(texts::add);
        }
        return texts;
    }

    /** {@code 12h}, {@code 14d}: from one hour to 366 days. */
    static Optional<Duration> duration(Node node, String path, Problems problems) {
        Optional<String> text = YamlMapping.text(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(text.get());
        Duration duration = null;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        }
        if (duration == null || duration.isZero() || duration.compareTo(MAX_WINDOW) > 0) {
            problems.at(node, path + " must be a duration from 1h to 366d such as 12h, 7d or 30d, found \""
                    + YamlMapping.shorten(text.get()) + "\"");
            return Optional.empty();
        }
        return Optional.of(duration);
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
