package io.momentum.experiment;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The URLs a variant payload puts into the page ({@code href}, {@code src}, {@code srcset}, {@code url()} in styles,
 * {@code redirect}, ...): paths on the page's own site, or http(s) URLs of a host the payload lists in
 * {@code allowed_hosts}. Anything else could send visitors, their clicks or form data to another site, or run script
 * ({@code javascript:}, {@code data:}). The snippet applies the same rule in the page, where it knows the origin.
 */
final class PayloadUrls {
    /** Attributes (and payload fields) whose value the browser loads or navigates to. */
    static final Set<String> URL_FIELDS = Set.of("href", "src", "srcset", "imagesrcset", "action", "formaction", "poster",
            "redirect", "xlink:href", "ping");
    static final String ALLOWED_HOSTS = "allowed_hosts";
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*(['\"]?)(.*?)\\1\\s*\\)", Pattern.CASE_INSENSITIVE);
    /** Nodes visited per payload; aliases could otherwise make the walk as large as a YAML bomb. */
    private static final int MAX_NODES = 10_000;

    private final Problems problems;
    private final List<String> allowedHosts = new ArrayList<>();
    private int visited;

    private PayloadUrls(Problems problems) {
        this.problems = problems;
    }

    /** Reports every URL of the payload at {@code node} (its path {@code path}) that leaves the site. */
    static void check(Node node, String path, Problems problems) {
        if (node instanceof MappingNode mapping) {
            PayloadUrls urls = new PayloadUrls(problems);
            urls.readAllowedHosts(mapping, path);
            urls.walk(mapping, path, null, 0);
        }
    }

    private void readAllowedHosts(MappingNode payload, String path) {
        for (NodeTuple tuple : payload.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || !key.getValue().equals(ALLOWED_HOSTS)) {
                continue;
            }
            String at = path + "." + ALLOWED_HOSTS;
            if (!(tuple.getValueNode() instanceof SequenceNode list)) {
                problems.at(tuple.getValueNode(), at + " must be a list of host names, e.g. [checkout.example.com], found "
                        + YamlMapping.describe(tuple.getValueNode()));
                return;
            }
            for (Node item : list.getValue()) {
                String host = item instanceof ScalarNode s ? s.getValue().trim().toLowerCase(Locale.ROOT) : "";
                if (HOST.matcher(host).matches()) {
                    allowedHosts.add(host);
                } else {
                    problems.at(item, at + " must list host names such as checkout.example.com (no scheme, path or wildcard), found "
                            + (item instanceof ScalarNode s ? "\"" + YamlMapping.shorten(s.getValue()) + "\"" : YamlMapping.describe(item)));
                }
            }
        }
    }

    private void walk(Node node, String path, String key, int depth) {
        if (++visited > MAX_NODES || depth > JsonFromYaml.MAX_DEPTH) {
            return; // the conversion to JSON reports the bomb
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && !k.getValue().equals(ALLOWED_HOSTS)) {
                    String name = k.getValue();
                    walk(tuple.getValueNode(), path + "." + name, "style".equalsIgnoreCase(key) ? "style" : name, depth + 1);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            int i = 0;
            for (Node item : sequence.getValue()) {
                walk(item, path + "[" + i++ + "]", key, depth + 1);
            }
        } else if (node instanceof ScalarNode scalar && key != null) {
            String field = key.toLowerCase(Locale.ROOT);
            String value = scalar.getValue();
            if (field.equals("style")) {
                Matcher css = CSS_URL.matcher(value);
                while (css.find()) {
                    check(scalar, path, css.group(2));
                }
            } else if (field.endsWith("srcset")) {
                for (String candidate : value.split(",")) {
                    String url = candidate.trim().split("\\s+")[0];
                    if (!url.isEmpty()) {
                        check(scalar, path, url);
                    }
                }
            } else if (URL_FIELDS.contains(field)) {
                check(scalar, path, value);
            }
        }
    }

    private void check(ScalarNode node, String path, String url) {
        problem(url).ifPresent(message -> problems.at(node, path + " is \"" + YamlMapping.shorten(url) + "\": " + message));
    }

    /** What is wrong with {@code url} in a payload, if anything. Browsers ignore spaces and control characters around it. */
    Optional<String> problem(String url) {
        String clean = url.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
        boolean networkPath = clean.startsWith("//") || clean.startsWith("\\\\") || clean.startsWith("/\\") || clean.startsWith("\\/");
        Matcher scheme = SCHEME.matcher(clean);
        if (!networkPath && !scheme.find()) {
            return Optional.empty(); // a path on the page's own site
        }
        if (!networkPath && !scheme.group(1).equalsIgnoreCase("http") && !scheme.group(1).equalsIgnoreCase("https")) {
            return Optional.of("only paths on your site and http(s) URLs are allowed (" + scheme.group(1).toLowerCase(Locale.ROOT)
                    + ": URLs can run script or leave the site)");
        }
        String host;
        try {
            URI parsed = new URI(networkPath ? "https:" + clean.replace('\\', '/') : clean);
            host = parsed.getHost() == null ? null
                    : parsed.getHost().toLowerCase(Locale.ROOT) + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
        } catch (URISyntaxException e) {
            host = null;
        }
        if (host == null) {
            return Optional.of("not a URL the snippet can check; use a path on your site (e.g. /pricing) or https://host/path");
        }
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        return Optional.of("it points at " + host + ", which may be another site; use a path on your site (e.g. /pricing) or add "
                + host + " to the payload's allowed_hosts");
    }
}
