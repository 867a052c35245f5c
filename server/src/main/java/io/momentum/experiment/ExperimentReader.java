package io.momentum.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.momentum.experiment.ExperimentFile.Position;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one experiment YAML file (format: README "Writing an experiment", schema: experiments/schema.json)
 * into an {@link Experiment}, reporting every problem of the file with its line and column.
 */
public final class ExperimentReader {
    public static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
    public static final Pattern VARIANT_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final Pattern EVENT = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final int MAX_VARIANTS = 20;
    /** Longest targeting regex; long patterns are where catastrophic backtracking hides. */
    public static final int MAX_REGEX_LENGTH = 200;
    public static final int MAX_PATTERN_LENGTH = 200;
    public static final Set<String> DEVICES = Set.of("desktop", "mobile", "tablet");
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

    private static final List<String> OPERATORS = WireName.all(AttributeCondition.Operator.class);

    /** The field names of every kind of map in the format; the schema test keeps experiments/schema.json in step. */
    public static final Map<String, List<String>> FIELDS = fields();

    /** The rule for stage and kind (DESIGN §1): where each kind of test makes sense in the flywheel. */
    public static final Map<Kind, Set<Stage>> STAGES_OF_KIND = Map.of(
            Kind.LANDING_PAGE, EnumSet.of(Stage.ACTIVATION),
            Kind.CTA, EnumSet.of(Stage.ACTIVATION, Stage.ADOPTION),
            Kind.SURVEY, EnumSet.of(Stage.ADORATION),
            Kind.REWARD, EnumSet.of(Stage.ADVOCACY));

    private final Problems problems;
    private final JsonFromYaml json;
    private Position idAt = Position.START;
    private Position layerAt = Position.START;

    private ExperimentReader(Problems problems) {
        this.problems = problems;
        this.json = new JsonFromYaml(problems);
    }

    /** Reads the file at {@code path}; problems name it {@code file}. Never throws for bad content. */
    public static ExperimentFile read(Path path, String file) {
        Problems problems = new Problems(file);
        Optional<Node> root = YamlSource.read(path, problems);
        return read(root, problems, path.getFileName().toString());
    }

    /** Reads YAML text, for tests and tools. */
    public static ExperimentFile read(String text, String file) {
        Problems problems = new Problems(file);
        return read(YamlSource.parse(text, problems), problems, file);
    }

    private static ExperimentFile read(Optional<Node> root, Problems problems, String source) {
        ExperimentReader reader = new ExperimentReader(problems);
        Optional<Experiment> experiment = root.flatMap(node -> reader.experiment(node, source));
        List<LoadProblem> found = problems.sorted();
        return new ExperimentFile(problems.file(), found.isEmpty() ? experiment : Optional.empty(), found,
                reader.idAt, reader.layerAt);
    }

    private Optional<Experiment> experiment(Node root, String source) {
        Optional<YamlMapping> opened = YamlMapping.open(root, "", FIELDS.get("experiment"), problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping m = opened.get();
        Optional<String> id = m.require("id", "a unique name in lower-case letters, digits and dashes, e.g. pricing-hero-2026q4")
                .flatMap(n -> {
                    idAt = position(n);
                    return matching(n, "id", ID, "lower-case letters, digits and dashes (at most 64), e.g. pricing-hero-2026q4");
                });
        Optional<String> name = m.require("name", "a short title people will recognise, e.g. Pricing page hero")
                .flatMap(n -> YamlMapping.text(n, "name", problems));
        Optional<Stage> stage = m.require("stage", "the flywheel stage, one of " + wireNames(Stage.class))
                .flatMap(n -> choice(n, "stage", Stage.class));
        Optional<Kind> kind = m.require("kind", "what is tested, one of " + wireNames(Kind.class))
                .flatMap(n -> choice(n, "kind", Kind.class));
        Optional<Status> status = m.require("status", "one of " + wireNames(Status.class) + "; only running experiments assign visitors")
                .flatMap(n -> choice(n, "status", Status.class));
        Optional<String> hypothesis = m.text("hypothesis");
        Optional<String> owner = m.text("owner");
        Optional<Layer> layer = m.get("layer").flatMap(this::layer);
        Optional<Double> coverage = m.get("coverage").flatMap(n -> bounded(n, "coverage", v -> v >= 0 && v <= 1,
                "between 0 and 1 (1 = all eligible visitors)"));
        Optional<Targeting> targeting = m.get("targeting").map(this::targeting);
        List<Variant> variants = variants(m);
        Optional<Goals> goals = m.require("goals", "at least a primary goal, e.g. goals: { primary: { event: trial_signup } }")
                .flatMap(n -> goals(n, kind));
        Optional<Analysis> analysis = m.get("analysis").map(this::analysis);
        Optional<Allocation> allocation = m.get("allocation").map(n -> allocation(n, kind, variants.size()));
        Optional<Boolean> allowForced = m.bool("allow_forced_variants");
        Optional<String> seed = m.get("seed").flatMap(n -> YamlMapping.text(n, "seed", problems))
                .filter(s -> lengthAtMost(m.get("seed").orElseThrow(), "seed", s, 128));
        Optional<Instant> start = m.get("start").flatMap(n -> instant(n, "start"));
        Optional<Instant> end = m.get("end").flatMap(n -> instant(n, "end"));
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            problems.at(m.get("end").orElseThrow(), "end (" + end.get() + ") must be after start (" + start.get() + ")");
        }
        Optional<String> winner = m.get("winner").flatMap(n -> YamlMapping.text(n, "winner", problems));
        checkStageAndKind(m, stage, kind);
        checkWinner(m, status, end.isPresent() && (start.isEmpty() || end.get().isAfter(start.get())), winner, variants);

        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        // Only what the file sets; the builder owns the defaults of everything optional.
        Experiment.Builder experiment = Experiment.builder(id.orElseThrow()).name(name.orElseThrow())
                .stage(stage.orElseThrow()).kind(kind.orElseThrow()).status(status.orElseThrow())
                .variants(variants).goals(goals.orElseThrow()).source(source);
        hypothesis.ifPresent(experiment::hypothesis);
        owner.ifPresent(experiment::owner);
        layer.ifPresent(experiment::layer);
        coverage.ifPresent(experiment::coverage);
        targeting.ifPresent(experiment::targeting);
        analysis.ifPresent(experiment::analysis);
        allocation.ifPresent(experiment::allocation);
        allowForced.ifPresent(experiment::allowForcedVariants);
        seed.ifPresent(experiment::seed);
        start.ifPresent(experiment::start);
        end.ifPresent(experiment::end);
        winner.ifPresent(experiment::winner);
        return Optional.of(experiment.build());
    }

    // --- rules across fields ---

    private void checkStageAndKind(YamlMapping m, Optional<Stage> stage, Optional<Kind> kind) {
        if (stage.isEmpty() || kind.isEmpty() || STAGES_OF_KIND.get(kind.get()).contains(stage.get())) {
            return;
        }
        String allowed = STAGES_OF_KIND.get(kind.get()).stream().map(Stage::wire).collect(Collectors.joining(" or "));
        problems.at(m.get("kind").orElseThrow(), "kind " + kind.get().wire() + " does not belong in stage " + stage.get().wire()
                + ": " + kind.get().wire() + " experiments run in " + allowed
                + " (landing_page: activation; cta: activation, adoption; survey: adoration; reward: advocacy)");
    }

    /** A winner is rolled out by a stopped experiment, or by a running one once its {@code end} has passed. */
    private void checkWinner(YamlMapping m, Optional<Status> status, boolean hasEnd, Optional<String> winner, List<Variant> variants) {
        if (winner.isEmpty()) {
            return;
        }
        Node at = m.get("winner").orElseThrow();
        if (status.isPresent() && status.get() != Status.STOPPED && !(status.get() == Status.RUNNING && hasEnd)) {
            problems.at(at, "winner is only allowed when status is stopped, or running with an end after which it is rolled out"
                    + " (status is " + status.get().wire() + (hasEnd ? "" : ", no valid end") + "); remove winner or set status: stopped");
        }
        Set<String> keys = variants.stream().map(Variant::key).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!keys.isEmpty() && !keys.contains(winner.get())) {
            problems.at(at, "winner \"" + YamlMapping.shorten(winner.get()) + "\" is not one of the variants ("
                    + String.join(", ", keys) + ")" + DidYouMean.hint(winner.get(), keys));
        }
    }

    // --- sections ---

    private Optional<Layer> layer(Node node) {
        layerAt = position(node);
        if (node instanceof ScalarNode) {
            return matching(node, "layer", ID, "lower-case letters, digits and dashes").map(name -> new Layer(name, 0, 1));
        }
        Optional<YamlMapping> opened = YamlMapping.open(node, "layer", FIELDS.get("layer"), problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping m = opened.get();
        Optional<String> name = m.require("name", "the layer's name, e.g. pricing-page")
                .flatMap(n -> matching(n, "layer.name", ID, "lower-case letters, digits and dashes"));
        double[] range = {0, 1};
        Optional<Node> rangeNode = m.get("range");
        if (rangeNode.isPresent()) {
            Optional<List<Node>> bounds = m.list("range", false);
            if (bounds.isPresent() && bounds.get().size() != 2) {
                problems.at(rangeNode.get(), "layer.range must be two numbers [from, to] between 0 and 1, e.g. [0, 0.5]");
                return Optional.empty();
            }
            if (bounds.isEmpty()) {
                return Optional.empty();
            }
            OptionalDouble from = YamlMapping.number(bounds.get().get(0), "layer.range[0]", problems);
            OptionalDouble to = YamlMapping.number(bounds.get().get(1), "layer.range[1]", problems);
            if (from.isEmpty() || to.isEmpty()) {
                return Optional.empty();
            }
            if (from.getAsDouble() < 0 || to.getAsDouble() > 1 || from.getAsDouble() >= to.getAsDouble()) {
                problems.at(rangeNode.get(), "layer.range must be [from, to] with 0 <= from < to <= 1, was ["
                        + fmt(from.getAsDouble()) + ", " + fmt(to.getAsDouble()) + "]");
                return Optional.empty();
            }
            range = new double[] {from.getAsDouble(), to.getAsDouble()};
        }
        double[] slot = range;
        return name.map(n -> new Layer(n, slot[0], slot[1]));
    }

    private Targeting targeting(Node node) {
        Optional<YamlMapping> opened = YamlMapping.open(node, "targeting", FIELDS.get("targeting"), problems);
        if (opened.isEmpty()) {
            return Targeting.EVERYONE;
        }
        YamlMapping m = opened.get();
        List<String> urls = new ArrayList<>();
        m.list("url", true).ifPresent(items -> forEach(items, "targeting.url", (item, path) ->
                YamlMapping.text(item, path, problems).filter(url -> urlPattern(item, path, url)).ifPresent(urls::add)));
        Set<String> devices = new LinkedHashSet<>();
        m.list("device", true).ifPresent(items -> forEach(items, "targeting.device", (item, path) ->
                YamlMapping.text(item, path, problems).ifPresent(device -> {
                    if (DEVICES.contains(device)) {
                        devices.add(device);
                    } else {
                        problems.at(item, path + " must be one of desktop, mobile, tablet, found \"" + YamlMapping.shorten(device) + "\""
                                + DidYouMean.hint(device, List.of("desktop", "mobile", "tablet")));
                    }
                })));
        List<AttributeCondition> conditions = new ArrayList<>();
        m.get("attributes").ifPresent(attributes -> attributes(attributes, conditions));
        return new Targeting(urls, conditions, devices);
    }

    private boolean urlPattern(Node node, String path, String url) {
        if (url.isEmpty() || !(url.startsWith("/") || url.startsWith("*")) || url.length() > MAX_PATTERN_LENGTH || url.chars().anyMatch(Character::isWhitespace)) {
            problems.at(node, path + " must be a path pattern starting with / (e.g. \"/pricing*\"; * matches anything), at most "
                    + MAX_PATTERN_LENGTH + " characters without spaces, found \"" + YamlMapping.shorten(url) + "\"");
            return false;
        }
        return true;
    }

    private void attributes(Node node, List<AttributeCondition> conditions) {
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, "targeting.attributes must be a map of attribute names to values, e.g. { country: [US, CA] }, found "
                    + YamlMapping.describe(node));
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (var tuple : mapping.getValue()) {
            Optional<String> name = YamlMapping.text(tuple.getKeyNode(), "attribute names in targeting.attributes", problems);
            if (name.isEmpty()) {
                continue;
            }
            String path = "targeting.attributes." + YamlMapping.shorten(name.get());
            if (!seen.add(name.get())) {
                problems.at(tuple.getKeyNode(), "attribute \"" + YamlMapping.shorten(name.get()) + "\" appears twice in targeting.attributes; keep one");
            } else if (!ATTRIBUTE.matcher(name.get()).matches()) {
                problems.at(tuple.getKeyNode(), "attribute name \"" + YamlMapping.shorten(name.get())
                        + "\" must be letters, digits, _ . or - (at most 64)");
            } else {
                condition(name.get(), tuple.getValueNode(), path, conditions);
            }
        }
    }

    private void condition(String attribute, Node value, String path, List<AttributeCondition> conditions) {
        if (value instanceof MappingNode) {
            YamlMapping m = YamlMapping.open(value, path, FIELDS.get("condition"), problems).orElseThrow();
            for (String operator : OPERATORS) {
                m.get(operator).ifPresent(node -> operator(attribute, operator, node, m.path(operator), conditions));
            }
            if (OPERATORS.stream().noneMatch(m::has)) {
                problems.at(value, path + " needs a condition: one of " + String.join(", ", OPERATORS));
            }
            return;
        }
        if (YamlMapping.isNull(value)) {
            problems.at(value, path + " is empty: give a value (plan: pro), a list (country: [US, CA]) or a condition ({ gte: 3 })");
            return;
        }
        if (value instanceof ScalarNode) {
            YamlMapping.text(value, path, problems).ifPresent(v ->
                    conditions.add(AttributeCondition.ofValues(attribute, AttributeCondition.Operator.EQUALS, List.of(v))));
            return;
        }
        values(value, path).ifPresent(vs -> conditions.add(AttributeCondition.ofValues(attribute, AttributeCondition.Operator.IN, vs)));
    }

    private void operator(String attribute, String operator, Node node, String path, List<AttributeCondition> conditions) {
        AttributeCondition.Operator op = WireName.parse(AttributeCondition.Operator.class, operator).orElseThrow();
        switch (op) {
            case EQUALS -> YamlMapping.text(node, path, problems)
                    .ifPresent(v -> conditions.add(AttributeCondition.ofValues(attribute, op, List.of(v))));
            case IN, NOT_IN -> values(node, path)
                    .ifPresent(vs -> conditions.add(AttributeCondition.ofValues(attribute, op, vs)));
            case GT, GTE, LT, LTE -> {
                OptionalDouble bound = YamlMapping.number(node, path, problems);
                if (bound.isPresent()) {
                    conditions.add(AttributeCondition.ofNumber(attribute, op, bound.getAsDouble()));
                }
            }
            case REGEX -> YamlMapping.text(node, path, problems).filter(r -> validRegex(node, path, r))
                    .ifPresent(r -> conditions.add(AttributeCondition.ofPattern(attribute, r)));
        }
    }

    private boolean validRegex(Node node, String path, String regex) {
        if (regex.length() > MAX_REGEX_LENGTH) {
            problems.at(node, path + " is " + regex.length() + " characters long; regular expressions are limited to "
                    + MAX_REGEX_LENGTH + " characters");
            return false;
        }
        try {
            // RE2/J, as assignment compiles it: linear time, so no backreferences or lookaround
            com.google.re2j.Pattern.compile(regex);
            return true;
        } catch (com.google.re2j.PatternSyntaxException e) {
            problems.at(node, path + " is not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
            return false;
        }
    }

    private Optional<List<String>> values(Node node, String path) {
        Optional<List<Node>> items = YamlMapping.list(node, path, true, problems);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            problems.at(node, path + " must list at least one value");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        forEach(items.get(), path, (item, itemPath) -> YamlMapping.text(item, itemPath, problems).ifPresent(values::add));
        return values.size() == items.get().size() ? Optional.of(values) : Optional.empty();
    }

    private List<Variant> variants(YamlMapping m) {
        Optional<Node> listNode = m.require("variants", "a list of at least two variants, e.g. - { key: control, weight: 50 }");
        Optional<List<Node>> items = listNode.flatMap(n -> YamlMapping.list(n, "variants", false, problems));
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.get().size() < 2) {
            problems.at(listNode.get(), "an experiment needs at least two variants to compare (a control and a challenger), found "
                    + items.get().size());
        }
        if (items.get().size() > MAX_VARIANTS) {
            problems.at(listNode.get(), "an experiment has at most " + MAX_VARIANTS + " variants, found " + items.get().size());
            return List.of();
        }
        List<Variant> variants = new ArrayList<>();
        Map<String, Node> keys = new HashMap<>();
        int weighted = 0;
        for (int i = 0; i < items.get().size(); i++) {
            String path = "variants[" + i + "]";
            Optional<YamlMapping> opened = YamlMapping.open(items.get().get(i), path, FIELDS.get("variant"), problems);
            if (opened.isEmpty()) {
                continue;
            }
            YamlMapping v = opened.get();
            Optional<String> key = v.require("key", "a short name for the variant, e.g. control")
                    .flatMap(n -> matching(n, v.path("key"), VARIANT_KEY, "letters, digits, _ or - (at most 64)"));
            if (key.isPresent() && keys.containsKey(key.get())) {
                problems.at(v.get("key").orElseThrow(), "variant key \"" + key.get() + "\" is used twice (first on line "
                        + (keys.get(key.get()).getStartMark().getLine() + 1) + "); variant keys must be unique");
            }
            key.ifPresent(k -> keys.putIfAbsent(k, v.get("key").orElseThrow()));
            Optional<Double> weight = v.get("weight").flatMap(n -> bounded(n, v.path("weight"), w -> w >= 0, "0 or more (weights are relative, e.g. 50 and 50)"));
            weighted += v.has("weight") ? 1 : 0;
            JsonNode payload = v.get("payload").map(n -> payload(n, v.path("payload"))).orElse(JsonNodeFactory.instance.objectNode());
            if (key.isPresent()) {
                variants.add(new Variant(key.get(), weight.orElse(1.0), payload));
            }
        }
        if (weighted > 0 && weighted < items.get().size()) {
            problems.at(listNode.get(), "give every variant a weight, or none (then traffic is split evenly); "
                    + weighted + " of " + items.get().size() + " variants have one");
        } else if (weighted > 0 && variants.size() == items.get().size() && variants.stream().allMatch(v -> v.weight() == 0)) {
            problems.at(listNode.get(), "all variant weights are 0, so no visitor would ever be assigned; give at least one variant a weight above 0");
        }
        return variants;
    }

    private JsonNode payload(Node node, String path) {
        if (!(node instanceof MappingNode)) {
            problems.at(node, path + " must be a map of what the page applies, e.g. { headline: \"Grow faster\" }, found "
                    + YamlMapping.describe(node));
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode converted = json.convert(node, path);
        PayloadUrls.check(node, path, problems);
        return converted;
    }

    private Optional<Goals> goals(Node node, Optional<Kind> kind) {
        Optional<YamlMapping> opened = YamlMapping.open(node, "goals", FIELDS.get("goals"), problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping m = opened.get();
        Optional<Goal> primary = m.require("primary", "the goal that decides the winner, e.g. primary: { event: trial_signup }")
                .flatMap(n -> goal(n, "goals.primary", kind));
        List<Goal> secondary = new ArrayList<>();
        m.list("secondary", false).ifPresent(items -> forEach(items, "goals.secondary", (item, path) ->
                goal(item, path, kind).ifPresent(secondary::add)));
        List<Guardrail> guardrails = new ArrayList<>();
        m.list("guardrails", false).ifPresent(items -> forEach(items, "goals.guardrails", (item, path) ->
                guardrail(item, path, kind).ifPresent(guardrails::add)));
        return primary.map(p -> new Goals(p, List.copyOf(secondary), List.copyOf(guardrails)));
    }

    private Optional<Goal> goal(Node node, String path, Optional<Kind> kind) {
        return YamlMapping.open(node, path, FIELDS.get("goal"), problems).flatMap(m -> {
            Optional<String> event = event(m);
            Optional<Goal.Metric> metric = metric(m, kind, event);
            Goal.Source source = m.get("source").flatMap(n -> choice(n, m.path("source"), Goal.Source.class)).orElse(Goal.Source.ANY);
            if (source == Goal.Source.SERVER && event.filter(GoalIndex.BUILT_IN::contains).isPresent()) {
                problems.at(m.get("source").orElseThrow(), m.path("source") + ": server is not possible for " + event.get()
                        + ", which the snippet sends from the browser; remove source or measure a goal your backend sends");
                return Optional.empty();
            }
            return event.isPresent() && metric.isPresent() ? Optional.of(new Goal(event.get(), metric.get(), source)) : Optional.empty();
        });
    }

    private Optional<Guardrail> guardrail(Node node, String path, Optional<Kind> kind) {
        return YamlMapping.open(node, path, FIELDS.get("guardrail"), problems).flatMap(m -> {
            Optional<String> event = event(m);
            Optional<Goal.Metric> metric = metric(m, kind, event);
            Optional<Guardrail.Direction> mustNot = m.require("must_not", "increase or decrease, e.g. must_not: increase")
                    .flatMap(n -> choice(n, m.path("must_not"), Guardrail.Direction.class));
            double margin = m.get("margin").flatMap(n -> bounded(n, m.path("margin"), x -> x > 0 && x <= 1,
                    "a number > 0 and <= 1 (relative to the control, 0.05 = 5%)")).orElse(Guardrail.DEFAULT_MARGIN);
            return event.isPresent() && metric.isPresent() && mustNot.isPresent()
                    ? Optional.of(new Guardrail(event.get(), metric.get(), mustNot.get(), margin)) : Optional.empty();
        });
    }

    private Optional<String> event(YamlMapping m) {
        return m.require("event", "the event name that counts, e.g. trial_signup")
                .flatMap(n -> matching(n, m.path("event"), EVENT, "letters, digits, _ . : or - (at most 64)"));
    }

    /** {@code value: revenue} is the short way to say {@code metric: revenue}; NPS needs survey answers. */
    private Optional<Goal.Metric> metric(YamlMapping m, Optional<Kind> kind, Optional<String> event) {
        Optional<Goal.Metric> metric = m.get("metric").flatMap(n -> choice(n, m.path("metric"), Goal.Metric.class));
        Optional<String> value = m.text("value");
        if (value.isPresent() && !value.get().equals(Goal.Metric.REVENUE.wire())) {
            problems.at(m.get("value").orElseThrow(), m.path("value") + " can only be revenue (the money amount of the event), found \""
                    + YamlMapping.shorten(value.get()) + "\"");
            return Optional.empty();
        }
        if (value.isPresent() && metric.isPresent() && metric.get() != Goal.Metric.REVENUE) {
            problems.at(m.get("value").orElseThrow(), "value: revenue measures revenue, but metric is " + metric.get().wire()
                    + "; keep one of them");
            return Optional.empty();
        }
        if (m.has("metric") && metric.isEmpty()) {
            return Optional.empty();
        }
        Goal.Metric resolved = metric.orElse(value.isPresent() ? Goal.Metric.REVENUE : Goal.Metric.CONVERSION);
        if (resolved == Goal.Metric.NPS) {
            Node at = m.get("metric").orElseThrow();
            if (kind.isPresent() && kind.get() != Kind.SURVEY) {
                problems.at(at, "metric nps needs survey answers, so it is only allowed in a survey experiment (kind: survey)");
                return Optional.empty();
            }
            if (event.isPresent() && !event.get().equals("survey")) {
                problems.at(at, "metric nps is computed from survey answers, so its event must be survey, found \"" + event.get() + "\"");
                return Optional.empty();
            }
        }
        return Optional.of(resolved);
    }

    private Analysis analysis(Node node) {
        Optional<YamlMapping> opened = YamlMapping.open(node, "analysis", FIELDS.get("analysis"), problems);
        if (opened.isEmpty()) {
            return Analysis.DEFAULTS;
        }
        YamlMapping m = opened.get();
        Analysis d = Analysis.DEFAULTS;
        Analysis.Method method = m.get("method").flatMap(n -> choice(n, "analysis.method", Analysis.Method.class)).orElse(d.method());
        double alpha = m.get("alpha").flatMap(n -> bounded(n, "analysis.alpha", a -> a > 0 && a <= 0.2,
                "above 0 and at most 0.2 (the false-positive rate; 0.05 means 5%)")).orElse(d.alpha());
        double power = m.get("power").flatMap(n -> bounded(n, "analysis.power", p -> p >= 0.5 && p < 1,
                "at least 0.5 and below 1 (0.8 means an 80% chance to detect a real effect)")).orElse(d.power());
        double mde = m.get("mde").flatMap(n -> bounded(n, "analysis.mde", e -> e > 0 && e <= 1,
                "above 0 and at most 1 (the smallest relative lift worth detecting; 0.10 means 10%)")).orElse(d.mde());
        int minVisitors = m.get("min_visitors_per_variant").flatMap(n -> bounded(n, "analysis.min_visitors_per_variant",
                v -> v >= 1 && v <= 100_000_000 && v == Math.rint(v), "a whole number from 1 to 100,000,000"))
                .map(Double::intValue).orElse(d.minVisitorsPerVariant());
        Analysis.Correction correction = m.get("correction")
                .flatMap(n -> choice(n, "analysis.correction", Analysis.Correction.class)).orElse(d.correction());
        Double baseline = m.get("baseline").flatMap(n -> bounded(n, "analysis.baseline", b -> b > 0 && b < 1,
                "above 0 and below 1 (the primary goal's expected conversion rate; 0.05 means 5%)")).orElse(null);
        return new Analysis(method, alpha, power, mde, minVisitors, correction, baseline);
    }

    private Allocation allocation(Node node, Optional<Kind> kind, int variantCount) {
        Optional<YamlMapping> opened = YamlMapping.open(node, "allocation", FIELDS.get("allocation"), problems);
        if (opened.isEmpty()) {
            return Allocation.FIXED;
        }
        YamlMapping m = opened.get();
        Allocation.Mode mode = m.get("mode").flatMap(n -> choice(n, "allocation.mode", Allocation.Mode.class)).orElse(Allocation.Mode.FIXED);
        if (mode == Allocation.Mode.BANDIT && kind.isPresent() && kind.get() != Kind.REWARD) {
            problems.at(m.get("mode").orElseThrow(), "allocation mode bandit is only for reward experiments (kind: reward); a "
                    + kind.get().wire() + " experiment keeps fixed weights so its results stay comparable");
        }
        Duration interval = m.get("interval").flatMap(this::interval).orElse(Allocation.FIXED.interval());
        double floor = m.get("floor").flatMap(n -> bounded(n, "allocation.floor", f -> f >= 0 && f <= 0.5,
                "between 0 and 0.5 (the smallest share every variant keeps)")).orElse(Allocation.FIXED.floor());
        if (variantCount > 0 && floor * variantCount > 1 + 1e-9) {
            problems.at(m.get("floor").orElseThrow(), "allocation.floor " + fmt(floor) + " for each of " + variantCount
                    + " variants adds up to more than all traffic; use at most " + fmt(1.0 / variantCount));
        }
        return new Allocation(mode, interval, floor);
    }

    private Optional<Duration> interval(Node node) {
        Optional<String> text = YamlMapping.text(node, "allocation.interval", problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = INTERVAL.matcher(text.get());
        Duration duration = null;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(7)) > 0) {
            problems.at(node, "allocation.interval must be a duration from 1m to 7d such as 30m, 1h or 1d, found \""
                    + YamlMapping.shorten(text.get()) + "\"");
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    private Optional<Instant> instant(Node node, String path) {
        Optional<String> text = YamlMapping.text(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException notDateTime) {
            try {
                return Optional.of(LocalDate.parse(text.get()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notDate) {
                problems.at(node, path + " must be a date-time with a time zone like 2026-11-01T00:00:00Z, or a date like 2026-11-01 (UTC), found "
                        + YamlMapping.describe(node));
                return Optional.empty();
            }
        }
    }

    // --- small readers ---

    private Optional<String> matching(Node node, String path, Pattern pattern, String expected) {
        Optional<String> text = YamlMapping.text(node, path, problems);
        if (text.isPresent() && !pattern.matcher(text.get()).matches()) {
            problems.at(node, path + " must be " + expected + ", found \"" + YamlMapping.shorten(text.get()) + "\"");
            return Optional.empty();
        }
        return text;
    }

    private Optional<Double> bounded(Node node, String path, DoublePredicate allowed, String expected) {
        OptionalDouble value = YamlMapping.number(node, path, problems);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!allowed.test(value.getAsDouble())) {
            problems.at(node, path + " must be " + expected + ", was " + fmt(value.getAsDouble()));
            return Optional.empty();
        }
        return Optional.of(value.getAsDouble());
    }

    private boolean lengthAtMost(Node node, String path, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            problems.at(node, path + " must be 1 to " + max + " characters long");
            return false;
        }
        return true;
    }

    private <E extends Enum<E> & WireName> Optional<E> choice(Node node, String path, Class<E> type) {
        Optional<String> text = YamlMapping.text(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> constant = WireName.parse(type, text.get());
        if (constant.isPresent()) {
            return constant;
        }
        List<String> names = WireName.all(type);
        problems.at(node, path + " must be one of " + String.join(", ", names) + ", found \"" + YamlMapping.shorten(text.get()) + "\""
                + DidYouMean.hint(text.get(), names));
        return Optional.empty();
    }

    private void forEach(List<Node> items, String path, java.util.function.BiConsumer<Node, String> action) {
        for (int i = 0; i < items.size(); i++) {
            action.accept(items.get(i), path + "[" + i + "]");
        }
    }

    private static <E extends Enum<E> & WireName> String wireNames(Class<E> type) {
        return String.join(", ", WireName.all(type));
    }

    private static Position position(Node node) {
        return new Position(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("experiment", List.of("id", "name", "stage", "kind", "status", "hypothesis", "owner", "layer", "coverage",
                "targeting", "variants", "goals", "analysis", "allocation", "allow_forced_variants", "seed", "start", "end", "winner"));
        fields.put("layer", List.of("name", "range"));
        fields.put("targeting", List.of("url", "attributes", "device"));
        fields.put("condition", OPERATORS);
        fields.put("variant", List.of("key", "weight", "payload"));
        fields.put("goals", List.of("primary", "secondary", "guardrails"));
        fields.put("goal", List.of("event", "metric", "value", "source"));
        fields.put("guardrail", List.of("event", "metric", "value", "must_not", "margin"));
        fields.put("analysis", List.of("method", "alpha", "power", "mde", "min_visitors_per_variant", "correction", "baseline"));
        fields.put("allocation", List.of("mode", "interval", "floor"));
        return java.util.Collections.unmodifiableMap(fields);
    }
}
