package io.momentum.dashboard;

import static io.momentum.dashboard.Html.escape;

import io.momentum.audit.ExperimentChange;
import io.momentum.promotion.Promotion;
import java.util.List;

/** The experiment page's lifecycle parts: the promotion diff of a winner, the preview links and the file's history. */
final class LifecycleSections {
    private LifecycleSections() {
    }

    /** Shown only when the decision is winner (and nothing without a promotion): the reviewed one-line change to commit. */
    static String promotion(Promotion promotion) {
        if (promotion == null || promotion.diff() == null) {
            return "";
        }
        return "<section class=\"promotion\"><h2>Roll out " + escape(promotion.winner()) + "</h2><p>Commit this change to "
                + escape(promotion.file()) + " to stop the test and show " + escape(promotion.winner()) + " to everyone:</p><pre>"
                + escape(promotion.diff()) + "</pre></section>";
    }

    /** Links only to absolute http(s) pages; otherwise the query to add to the experiment's page. */
    static String previews(Promotion promotion) {
        if (promotion == null || promotion.previews().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<h2>Preview each variant</h2><ul class=\"previews\">");
        for (Promotion.Preview preview : promotion.previews()) {
            out.append("<li>").append(escape(preview.variant())).append(": ");
            if (preview.url().startsWith("https://") || preview.url().startsWith("http://")) {
                out.append("<a href=\"").append(escape(preview.url())).append("\" rel=\"noopener noreferrer\">")
                        .append(escape(preview.url())).append("</a>");
            } else {
                out.append("add <code>").append(escape(preview.url())).append("</code> to the page's address");
            }
            out.append("</li>");
        }
        return out.append("</ul><p class=\"note\">Signed QA links: they force only their variant and work until ")
                .append(escape(promotion.previews().get(0).expires()))
                .append("; an edited link forces nothing. Share them only with reviewers: they show unreleased copy.</p>").toString();
    }

    static String history(List<ExperimentChange> history) {
        StringBuilder out = new StringBuilder("<h2>History</h2>");
        if (history.isEmpty()) {
            return out.append("<p class=\"muted\">No recorded change yet.</p>").toString();
        }
        for (ExperimentChange change : history) {
            out.append("<details><summary>").append(escape(change.at().toString())).append(" · ").append(escape(change.kind().wire()))
                    .append(" · ").append(escape(change.file())).append(" · snapshot ").append(change.version());
            if (change.commit() != null) {
                out.append(" · commit ").append(escape(change.commit().substring(0, Math.min(12, change.commit().length()))))
                        .append(" by ").append(escape(change.author())).append(change.uncommitted() ? " (edited since)" : "");
            }
            out.append("</summary>");
            change.problems().forEach(p -> out.append("<p class=\"alert\">").append(escape(p)).append("</p>"));
            out.append("<pre>").append(escape(change.diff())).append("</pre></details>");
        }
        return out.toString();
    }
}
