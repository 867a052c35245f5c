package io.momentum.promotion;

import io.momentum.audit.AuditTrail;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.reporting.DecisionStatus;
import io.momentum.reporting.ExperimentResults;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a marketer commits to roll a winner out, and the links to preview each variant. The format stays files in
 * git: this only shows the change ({@code status: stopped}, {@code winner: <key>}) as a diff to review and commit.
 *
 * @param diff     the unified diff of the experiment file; null unless the decision is {@code winner}
 * @param previews one signed link per variant ({@code momentum_force=exp:variant.<QA token>}); empty unless forcing is allowed
 */
public record Promotion(String experiment, String file, DecisionStatus decision, String winner, String diff, List<Preview> previews) {
    private static final Pattern STATUS = Pattern.compile("(?m)^status:[^\\n]*$");
    private static final Pattern WINNER = Pattern.compile("(?m)^winner:[^\\n]*$");

    /** A link that opens the experiment's page with one variant forced, until {@code expires} (ISO-8601). */
    public record Preview(String variant, String url, String expires) {
    }

    /** Signs a QA link: the token for forcing {@code variant} of {@code experiment} until {@code expires}. */
    @FunctionalInterface
    public interface LinkSigner {
        String token(String experiment, String variant, Instant expires);
    }

    /**
     * @param yaml    the experiment file's text as it is on disk
     * @param signer  signs the preview links
     * @param expires until when the preview links work
     */
    public static Promotion of(Experiment experiment, ExperimentResults results, String yaml, LinkSigner signer, Instant expires) {
        String winner = results.decision().status() == DecisionStatus.WINNER ? results.decision().winner() : null;
        String diff = winner == null ? null : AuditTrail.diff(experiment.source(), yaml, promoted(yaml, winner));
        return new Promotion(experiment.id(), experiment.source(), results.decision().status(), winner, diff,
                previews(experiment, signer, expires));
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
    static List<Preview> previews(Experiment experiment, LinkSigner signer, Instant expires) {
        if (!experiment.allowForcedVariants()) {
            return List.of();
        }
        String page = experiment.targeting().urlPatterns().stream().filter(p -> !p.contains("*") && p.startsWith("http")).findFirst().orElse("");
        List<Preview> previews = new ArrayList<>();
        for (Variant variant : experiment.variants()) {
            String signed = experiment.id() + ":" + variant.key() + "." + signer.token(experiment.id(), variant.key(), expires);
            String force = "momentum_force=" + URLEncoder.encode(signed, StandardCharsets.UTF_8);
            previews.add(new Preview(variant.key(), page + (page.contains("?") ? "&" : "?") + force, expires.toString()));
        }
        return previews;
    }
}
