package io.momentum.promotion;

import io.momentum.audit.AuditTrail;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.reporting.DecisionStatus;
import io.momentum.reporting.ExperimentResults;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a marketer commits to roll a winner out, and the links to preview each variant. The format stays files in
 * git: this only shows the change ({@code status: stopped}, {@code winner: <key>}) as a diff to review and commit.
 *
 * @param diff     the unified diff of the experiment file; null unless the decision is {@code winner}
 * @param previews one link per variant (forced with {@code momentum_force}); empty unless forcing is allowed
 */
public record Promotion(String experiment, String file, DecisionStatus decision, String winner, String diff, List<Preview> previews) {
    private static final Pattern STATUS = Pattern.compile("(?m)^status:[^\\n]*$");
    private static final Pattern WINNER = Pattern.compile("(?m)^winner:[^\\n]*$");

    /** A link that opens the experiment's page with one variant forced. */
    public record Preview(String variant, String url) {
    }

    /** @param yaml the experiment file's text as it is on disk */
    public static Promotion of(Experiment experiment, ExperimentResults results, String yaml) {
        String winner = results.decision().status() == DecisionStatus.WINNER ? results.decision().winner() : null;
        String diff = winner == null ? null : AuditTrail.diff(experiment.source(), yaml, promoted(yaml, winner));
        return new Promotion(experiment.id(), experiment.source(), results.decision().status(), winner, diff, previews(experiment));
    }

    /** The file with {@code status: stopped} and {@code winner: <key>}, every other line as it was. */
    static String promoted(String yaml, String winner) {
        Matcher status = STATUS.matcher(yaml);
        String text = status.find() ? status.replaceFirst("status: stopped") : yaml;
        Matcher existing = WINNER.matcher(text);
        if (existing.find()) {
            return existing.replaceFirst(Matcher.quoteReplacement("winner: " + winner));
        }
        return text + (text.endsWith("\n") ? "" : "\n") + "winner: " + winner + "\n";
    }

    /**
     * Only for experiments that allow forced variants (the server-wide QA switch is for staging, not for links a
     * marketer shares). The page is the first targeted URL without wildcards, else a relative query to add to it.
     */
    static List<Preview> previews(Experiment experiment) {
        if (!experiment.allowForcedVariants()) {
            return List.of();
        }
        String page = experiment.targeting().urlPatterns().stream().filter(p -> !p.contains("*") && p.startsWith("http")).findFirst().orElse("");
        List<Preview> previews = new ArrayList<>();
        for (Variant variant : experiment.variants()) {
            String force = "momentum_force=" + URLEncoder.encode(experiment.id() + ":" + variant.key(), StandardCharsets.UTF_8);
            previews.add(new Preview(variant.key(), page + (page.contains("?") ? "&" : "?") + force));
        }
        return previews;
    }
}
