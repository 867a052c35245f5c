package io.momentum.experiment;

import io.momentum.experiment.AlertsDefinition.Condition;
import io.momentum.experiment.AlertsDefinition.Destination;
import io.momentum.experiment.AlertsDefinition.Format;
import io.momentum.experiment.AlertsDefinition.Rule;
import io.momentum.experiment.AlertsDefinition.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code alerts.yaml} (in the experiment directory, next to the experiment files and {@code flywheel.yaml}):
 * destinations and rules, every problem reported with file, line and column like an experiment file.
 */
public final class AlertsReader {
    /** The file name the alerts feature and the validate command look for in the experiment directory. */
    public static final String FILE_NAME = "alerts.yaml";
    public static final List<String> FIELDS = List.of("check_every", "destinations", "rules");
    public static final List<String> DESTINATION_FIELDS = List.of("name", "format", "url", "url_env", "url_file",
            "secret_env", "secret_file", "secret");
    public static final List<String> RULE_FIELDS = List.of("name", "when", "decisions", "for", "above", "experiments", "to", "rearm_after");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Duration MAX_DURATION = Duration.ofDays(366);
    private static final Duration MIN_CHECK_EVERY = Duration.ofSeconds(1);

    private AlertsReader() {
    }

    /** The outcome of reading alerts.yaml: the definition when valid, otherwise its problems. */
    public record Result(Optional<AlertsDefinition> alerts, List<LoadProblem> problems) {
    }

    public static Result read(Path path, String file) {
        Problems problems = new Problems(file);
        return result(YamlSource.read(path, problems).flatMap(root -> alerts(root, problems)), problems);
    }

    public static Result read(String text, String file) {
        Problems problems = new Problems(file);
        return result(YamlSource.parse(text, problems).flatMap(root -> alerts(root, problems)), problems);
    }

    private static Result result(Optional<AlertsDefinition> alerts, Problems problems) {
        List<LoadProblem> found = problems.sorted();
        return new Result(found.isEmpty() ? alerts : Optional.empty(), found);
    }

    private static Optional<AlertsDefinition> alerts(Node root, Problems problems) {
        Optional<YamlMapping> opened = YamlMapping.open(root, "", FIELDS, problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        YamlMapping m = opened.get();
        Optional<Duration> checkEvery = m.get("check_every").flatMap(n -> duration(n, "check_every", problems));
        checkEvery.filter(d -> d.compareTo(MIN_CHECK_EVERY) < 0).ifPresent(d ->
                problems.at(m.get("check_every").orElseThrow(), "check_every must be at least 1s"));
        List<Destination> destinations = new ArrayList<>();
        List<Node> destinationNodes = m.require("destinations", "where alerts are sent, e.g. [{name: ops, format: webhook, url: ..., secret_env: ...}]")
                .flatMap(n -> YamlMapping.list(n, "destinations", false, problems)).orElse(List.of());
        // Every well-named destination can be sent to, so a rule is not also blamed for a destination's other mistakes.
        Set<String> destinationNames = new HashSet<>();
        for (int i = 0; i < destinationNodes.size(); i++) {
            destination(destinationNodes.get(i), "destinations[" + i + "]", destinationNames, problems).ifPresent(destinations::add);
        }
        List<Rule> rules = new ArrayList<>();
        List<Node> ruleNodes = m.require("rules", "when alerts fire, e.g. [{name: winners, when: decision_reached, to: [ops]}]")
                .flatMap(n -> YamlMapping.list(n, "rules", false, problems)).orElse(List.of());
        for (int i = 0; i < ruleNodes.size(); i++) {
            rule(ruleNodes.get(i), "rules[" + i + "]", rules, destinationNames, problems).ifPresent(rules::add);
        }
        return problems.isEmpty()
                ? Optional.of(new AlertsDefinition(destinations, rules, checkEvery.orElse(AlertsDefinition.DEFAULT_CHECK_EVERY)))
                : Optional.empty();
    }

    private static Optional<Destination> destination(Node node, String path, Set<String> names, Problems problems) {
        return YamlMapping.open(node, path, DESTINATION_FIELDS, problems).flatMap(m -> {
            Optional<String> name = name(m, "a short name the rules send to, e.g. ops", problems);
            name.filter(n -> !names.add(n)).ifPresent(n ->
                    problems.at(m.get("name").orElseThrow(), m.path("name") + " repeats the destination \"" + n + "\"; names must be unique"));
            Optional<Format> format = m.require("format", "webhook (signed JSON) or slack (Slack-compatible incoming webhook)")
                    .flatMap(n -> YamlMapping.text(n, m.path("format"), problems).flatMap(text -> {
                        Optional<Format> parsed = WireName.parse(Format.class, text);
                        if (parsed.isEmpty()) {
                            problems.at(n, m.path("format") + " must be one of " + String.join(", ", WireName.all(Format.class))
                                    + ", found \"" + YamlMapping.shorten(text) + "\"" + DidYouMean.hint(text, WireName.all(Format.class)));
                        }
                        return parsed;
                    }));
            m.get("secret").ifPresent(n -> problems.at(n, m.path("secret") + ": a secret does not belong in alerts.yaml (it is kept in git);"
                    + " write secret_env: VARIABLE or secret_file: /path/to/file"));
            Optional<String> url = m.get("url").flatMap(n -> url(n, m.path("url"), problems));
            Optional<SecretRef> urlFrom = secretRef(m, "url", problems);
            int urls = (m.has("url") ? 1 : 0) + (m.has("url_env") ? 1 : 0) + (m.has("url_file") ? 1 : 0);
            if (urls != 1) {
                problems.at(m.get("url").or(() -> m.get("url_env")).or(() -> m.get("url_file")).orElse(node),
                        path + " needs exactly one of url, url_env or url_file (a Slack URL is itself a secret: prefer url_env)");
            }
            Optional<SecretRef> secret = secretRef(m, "secret", problems);
            if (m.has("secret_env") && m.has("secret_file")) {
                problems.at(m.get("secret_file").orElseThrow(), path + " has both secret_env and secret_file; keep one");
            }
            if (format.orElse(null) == Format.WEBHOOK && secret.isEmpty() && !m.has("secret") && !m.has("secret_env") && !m.has("secret_file")) {
                problems.at(m.get("format").orElseThrow(), path + " is a webhook and needs the key of its X-Momentum-Signature:"
                        + " secret_env: VARIABLE or secret_file: /path/to/file");
            }
            if (format.orElse(null) == Format.SLACK && (m.has("secret_env") || m.has("secret_file"))) {
                problems.at(m.get("secret_env").or(() -> m.get("secret_file")).orElseThrow(), path
                        + " is a slack destination, which is not signed; remove secret_env/secret_file (the URL is the secret)");
            }
            return name.isPresent() && format.isPresent()
                    ? Optional.of(new Destination(name.get(), format.get(), url, urlFrom, secret))
                    : Optional.empty();
        });
    }

    /** {@code <field>_env: NAME} or {@code <field>_file: /path}. */
    private static Optional<SecretRef> secretRef(YamlMapping m, String field, Problems problems) {
        Optional<SecretRef> env = m.get(field + "_env").flatMap(n -> YamlMapping.text(n, m.path(field + "_env"), problems).flatMap(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                problems.at(n, m.path(field + "_env") + " must be the name of an environment variable (letters, digits, _), found \""
                        + YamlMapping.shorten(name) + "\"");
                return Optional.empty();
            }
            return Optional.of(new SecretRef(SecretRef.Source.ENV, name, at(problems, n)));
        }));
        Optional<SecretRef> file = m.get(field + "_file").flatMap(n -> YamlMapping.text(n, m.path(field + "_file"), problems)
                .map(name -> new SecretRef(SecretRef.Source.FILE, name, at(problems, n))));
        return env.or(() -> file);
    }

    private static String at(Problems problems, Node node) {
        return problems.file() + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    private static Optional<String> url(Node node, String path, Problems problems) {
        return YamlMapping.text(node, path, problems).flatMap(text -> {
            if (!valid(text)) {
                problems.at(node, path + " must be an http:// or https:// URL with a host, found \"" + YamlMapping.shorten(text) + "\"");
                return Optional.empty();
            }
            return Optional.of(text);
        });
    }

    /** The one check of a destination URL, also applied to URLs read from the environment or a file. */
    public static boolean valid(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Rule> rule(Node node, String path, List<Rule> earlier, Set<String> destinations, Problems problems) {
        return YamlMapping.open(node, path, RULE_FIELDS, problems).flatMap(m -> {
            Optional<String> name = name(m, "a short name for the rule, e.g. winners", problems);
            name.filter(n -> earlier.stream().anyMatch(r -> r.name().equals(n))).ifPresent(n ->
                    problems.at(m.get("name").orElseThrow(), m.path("name") + " repeats the rule \"" + n + "\"; names must be unique"));
            List<String> conditions = WireName.all(Condition.class);
            Optional<Condition> when = m.require("when", "one of " + String.join(", ", conditions))
                    .flatMap(n -> YamlMapping.text(n, m.path("when"), problems).flatMap(text -> {
                        Optional<Condition> parsed = WireName.parse(Condition.class, text);
                        if (parsed.isEmpty()) {
                            problems.at(n, m.path("when") + " must be one of " + String.join(", ", conditions) + ", found \""
                                    + YamlMapping.shorten(text) + "\"" + DidYouMean.hint(text, conditions));
                        }
                        return parsed;
                    }));
            Set<String> decisions = m.get("decisions").map(n -> texts(n, m.path("decisions"), problems, Rule.DECISIONS, false))
                    .orElse(Rule.DECISIONS);
            Optional<Duration> silence = m.get("for").flatMap(n -> duration(n, m.path("for"), problems));
            OptionalDouble above = m.number("above");
            if (above.isPresent() && (above.getAsDouble() < 1 || above.getAsDouble() != Math.rint(above.getAsDouble()))) {
                problems.at(m.get("above").orElseThrow(), m.path("above") + " must be a whole number of events >= 1, found "
                        + YamlMapping.describe(m.get("above").orElseThrow()));
            }
            Set<String> experiments = m.get("experiments").map(n -> texts(n, m.path("experiments"), problems, Set.of(), true)).orElse(Set.of());
            Optional<Duration> rearm = m.get("rearm_after").flatMap(n -> duration(n, m.path("rearm_after"), problems));
            List<String> to = m.require("to", "the destination names to send to, e.g. [ops]")
                    .map(n -> List.copyOf(texts(n, m.path("to"), problems, destinations, false))).orElse(List.of());
            when.ifPresent(w -> {
                requireFor(m, w, Condition.NO_EXPOSURES, "for", "how long without an exposure, e.g. 6h", problems);
                requireFor(m, w, Condition.EVENT_BACKLOG, "above", "how many waiting events are too many, e.g. 50000", problems);
                onlyFor(m, w, Condition.DECISION_REACHED, "decisions", problems);
                onlyFor(m, w, Condition.NO_EXPOSURES, "for", problems);
                onlyFor(m, w, Condition.EVENT_BACKLOG, "above", problems);
                if (w == Condition.EVENT_BACKLOG && m.has("experiments")) {
                    problems.at(m.get("experiments").orElseThrow(), m.path("experiments") + " does not apply: the event backlog is the server's, not an experiment's");
                }
            });
            return name.isPresent() && when.isPresent() && problems.isEmpty()
                    ? Optional.of(new Rule(name.get(), when.get(), decisions, silence.orElse(Duration.ZERO), (long) above.orElse(0),
                            experiments, to, rearm.orElse(Rule.DEFAULT_REARM_AFTER)))
                    : Optional.empty();
        });
    }

    private static void requireFor(YamlMapping m, Condition when, Condition condition, String field, String hint, Problems problems) {
        if (when == condition) {
            m.require(field, hint);
        }
    }

    private static void onlyFor(YamlMapping m, Condition when, Condition condition, String field, Problems problems) {
        if (when != condition && m.has(field)) {
            problems.at(m.get(field).orElseThrow(), m.path(field) + " applies only to when: " + condition.wire() + " rules");
        }
    }

    private static Optional<String> name(YamlMapping m, String hint, Problems problems) {
        return m.require("name", hint).flatMap(n -> YamlMapping.text(n, m.path("name"), problems).filter(text -> {
            if (NAME.matcher(text).matches()) {
                return true;
            }
            problems.at(n, m.path("name") + " must be 1-64 lower-case letters, digits, - or _, found \"" + YamlMapping.shorten(text) + "\"");
            return false;
        }));
    }

    /** A list of names (a single name is a list of one): experiment ids, or each one of {@code allowed}. */
    private static Set<String> texts(Node node, String path, Problems problems, Set<String> allowed, boolean ids) {
        Set<String> values = new LinkedHashSet<>();
        List<Node> items = YamlMapping.list(node, path, true, problems).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = path + "[" + i + "]";
            YamlMapping.text(item, itemPath, problems).ifPresent(text -> {
                if (!ids && allowed.isEmpty()) {
                    problems.at(item, itemPath + " names \"" + YamlMapping.shorten(text) + "\", but no destination is defined");
                } else if (!ids && !allowed.contains(text)) {
                    List<String> sorted = allowed.stream().sorted().toList();
                    problems.at(item, itemPath + " must be one of " + String.join(", ", sorted) + ", found \"" + YamlMapping.shorten(text) + "\""
                            + DidYouMean.hint(text, sorted));
                } else if (ids && !ExperimentReader.ID.matcher(text).matches()) {
                    problems.at(item, itemPath + " must be an experiment id ([a-z0-9-]), found \"" + YamlMapping.shorten(text) + "\"");
                } else {
                    values.add(text);
                }
            });
        }
        if (items.isEmpty() && node instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            problems.at(node, path + " is an empty list; list at least one");
        }
        return values;
    }

    private static Optional<Duration> duration(Node node, String path, Problems problems) {
        return YamlMapping.text(node, path, problems).flatMap(text -> {
            Matcher matcher = DURATION.matcher(text);
            if (!matcher.matches()) {
                problems.at(node, path + " must be a duration such as 30s, 15m, 6h or 2d, found \"" + YamlMapping.shorten(text) + "\"");
                return Optional.empty();
            }
            long n = Long.parseLong(matcher.group(1));
            Duration d = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.isZero() || d.compareTo(MAX_DURATION) > 0) {
                problems.at(node, path + " must be more than 0 and at most 366d, found \"" + text + "\"");
                return Optional.empty();
            }
            return Optional.of(d);
        });
    }
}
