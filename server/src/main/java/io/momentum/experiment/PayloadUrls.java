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
 * The URLs a variant payload puts into the page: paths on the page's own site, or http(s) URLs of a host the payload
 * lists in {@code allowed_hosts}. Anything else could send visitors, their clicks or form data to another site, or run
 * script ({@code javascript:}, {@code data:}). The snippet applies the same rule in the page, where it knows the
 * origin ({@code sdk-js-snippet/src/apply.js}, {@code onSite}): attributes whose name ends in href, src, srcset,
 * action or poster, {@code ping}, a reward's {@code url} and the {@code redirect} are URLs; a srcset is read from
 * every comma on; style properties from every {@code url(}; {@code @} (user info that hides the host) and
 * backslashes (CSS escapes) are refused in them, as are {@code image-set()} and {@code src()} in styles.
 */
final class PayloadUrls {
    private static final Pattern URL_ATTRIBUTE = Pattern.compile("(?i).*(href|src|srcset|action|poster)|ping|url|redirect");
    static final String ALLOWED_HOSTS = "allowed_hosts";
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*[\"']?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_HIDDEN = Pattern.compile("(?i)[\\\\@]|-set\\(|src\\(");
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
            String value = scalar.getValue();
            if (path.toLowerCase(Locale.ROOT).endsWith(".attrs.style")) {
                problems.at(scalar, path + ": set styles with style: { property: value } (the snippet refuses a style attribute)");
            } else if (key.equals("style")) {
                style(scalar, path, value);
            } else if (URL_ATTRIBUTE.matcher(key).matches()) {
                url(scalar, path, value, key.toLowerCase(Locale.ROOT).endsWith("srcset"));
            }
        }
    }

    /** Every url( of a style property; escapes, @ and image-set()/src() could hide one. */
    private void style(ScalarNode node, String path, String value) {
        if (CSS_HIDDEN.matcher(value).find()) {
            problems.at(node, path + " is \"" + YamlMapping.shorten(value) + "\": styles may load images only with url(...) and "
                    + "without backslashes, @, image-set() or src()");
            return;
        }
        String[] pieces = CSS_URL.split(value, -1);
        for (int i = 1; i < pieces.length; i++) {
            String url = pieces[i].split("[)'\"]", 2)[0].trim();
            check(node, path, url);
        }
    }

    /** An attribute's URL; a srcset from every comma on, where the browser may start one of its URLs. */
    private void url(ScalarNode node, String path, String value, boolean srcset) {
        if (value.indexOf('@') >= 0 || value.indexOf('\\') >= 0) {
            problems.at(node, path + " is \"" + YamlMapping.shorten(value) + "\": URLs in payloads may not contain @ or \\ "
                    + "(they can hide which host the browser goes to)");
            return;
        }
        if (!srcset) {
            check(node, path, value);
            return;
        }
        for (String candidate : value.split(",")) {
            String url = candidate.trim().split("[\\t\\n\\f\\r ]", 2)[0];
            if (!url.isEmpty()) {
                check(node, path, url);
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
