package io.momentum.audit;

import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/experiments/{id}/history}: the recorded changes of the experiment's file, newest first. */
public final class HistoryRoutes implements Routes {
    /** The newest changes shown; older ones stay in MongoDB. */
    public static final int LIMIT = 200;

    private final ApiJson json;
    private final ExperimentCatalog catalog;
    private final AuditLog log;

    public HistoryRoutes(ApiJson json, ExperimentCatalog catalog, AuditLog log) {
        this.json = json;
        this.catalog = catalog;
        this.log = log;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments/{id}/history", Access.VIEWER, this::history);
    }

    private void history(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.vertx().executeBlocking(() -> log.history(id, LIMIT), false).onSuccess(changes -> {
            // A deleted experiment still has its history; an id never seen is unknown.
            if (changes.isEmpty() && catalog.current().experiment(id).isEmpty()) {
                ctx.fail(new UnknownExperimentException(id));
                return;
            }
            json.write(ctx, 200, Map.of("experiment", id, "changes", view(changes)));
        }).onFailure(ctx::fail);
    }

    /** The API shows the diff, not the whole text (that is in the file and in git). */
    private static List<Map<String, Object>> view(List<ExperimentChange> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("at", c.at());
            m.put("kind", c.kind());
            m.put("file", c.file());
            m.put("version", c.version());
            m.put("diff", c.diff());
            m.put("problems", c.problems());
            m.put("commit", c.commit());
            m.put("author", c.author());
            m.put("uncommitted", c.uncommitted());
            return m;
        }).toList();
    }
}
