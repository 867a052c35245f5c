package io.momentum.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.domain.UnknownExperimentException;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /v1/experiments}, {@code GET /v1/experiments/{id}} and {@code POST /v1/admin/reload}. */
public final class ExperimentRoutes implements Routes {
    private final ApiJson json;
    private final YamlExperimentCatalog catalog;

    public ExperimentRoutes(ApiJson json, YamlExperimentCatalog catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments", Access.VIEWER, this::list);
        table.get("/v1/experiments/{id}", Access.VIEWER, this::one);
        table.post("/v1/admin/reload", Access.ADMIN, this::reload);
    }

    private void list(RoutingContext ctx) {
        json.write(ctx, 200, catalogJson(catalog.current()));
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CatalogSnapshot snapshot = catalog.current();
        Experiment experiment = snapshot.experiment(id)
                .orElseThrow(() -> new UnknownExperimentException(id));
        json.write(ctx, 200, withStatus(experiment, snapshot));
    }

    private void reload(RoutingContext ctx) {
        // Reading files is blocking I/O: off the event loop.
        ctx.vertx().executeBlocking(catalog::reload, false)
                .onSuccess(snapshot -> json.write(ctx, 200, Map.of(
                        "version", snapshot.version(),
                        "experiments", snapshot.experiments().size(),
                        "problems", snapshot.problems().stream().map(ExperimentJson::problem).toList())))
                .onFailure(ctx::fail);
    }

    private ObjectNode catalogJson(CatalogSnapshot snapshot) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("version", snapshot.version());
        ArrayNode experiments = body.putArray("experiments");
        snapshot.experiments().values().forEach(e -> experiments.add(withStatus(e, snapshot)));
        ArrayNode problems = body.putArray("problems");
        snapshot.problems().forEach(p -> problems.add(ExperimentJson.problem(p)));
        body.set("flywheel", ExperimentJson.flywheel(snapshot.flywheel()));
        return body;
    }

    private ObjectNode withStatus(Experiment experiment, CatalogSnapshot snapshot) {
        String file = catalog.directory().resolve(experiment.source()).toString();
        return ExperimentJson.withStatus(experiment, file, snapshot.problems());
    }
}
