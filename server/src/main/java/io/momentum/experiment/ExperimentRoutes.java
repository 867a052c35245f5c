package io.momentum.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.http.AdminAuth;
import io.momentum.http.ApiException;
import io.momentum.http.ApiJson;
import io.momentum.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /v1/experiments}, {@code GET /v1/experiments/{id}} and {@code POST /v1/admin/reload}. */
public final class ExperimentRoutes implements Routes {
    private final ApiJson json;
    private final YamlExperimentCatalog catalog;
    private final AdminAuth admin;

    public ExperimentRoutes(ApiJson json, YamlExperimentCatalog catalog, AdminAuth admin) {
        this.json = json;
        this.catalog = catalog;
        this.admin = admin;
    }

    @Override
    public void mount(Router router) {
        router.get("/v1/experiments").handler(this::list);
        router.get("/v1/experiments/:id").handler(this::one);
        router.post("/v1/admin/reload").handler(admin).handler(this::reload);
    }

    private void list(RoutingContext ctx) {
        json.write(ctx, 200, catalogJson(catalog.current()));
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CatalogSnapshot snapshot = catalog.current();
        Experiment experiment = snapshot.experiment(id)
                .orElseThrow(() -> ApiException.notFound("no experiment with id \"" + shorten(id) + "\""));
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

    private static String shorten(String id) {
        String printable = id.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
