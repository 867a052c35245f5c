package io.momentum.reporting;

import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/experiments/{id}/results} (optionally {@code ?dimension=channel}) and {@code GET /v1/flywheel}. */
public final class ResultsRoutes implements Routes {
    private final ApiJson json;
    private final ResultsService results;
    private final FlywheelService flywheel;

    public ResultsRoutes(ApiJson json, ResultsService results, FlywheelService flywheel) {
        this.json = json;
        this.results = results;
        this.flywheel = flywheel;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments/{id}/results", Access.VIEWER, this::results);
        table.get("/v1/flywheel", Access.VIEWER, this::flywheel);
    }

    private void results(RoutingContext ctx) {
        String dimension = ctx.queryParams().get("dimension");
        respond(ctx, dimension == null ? results.results(ctx.pathParam("id")) : results.results(ctx.pathParam("id"), dimension));
    }

    private void flywheel(RoutingContext ctx) {
        respond(ctx, flywheel.report());
    }

    private void respond(RoutingContext ctx, Future<?> answer) {
        answer.onSuccess(body -> json.write(ctx, 200, body)).onFailure(ctx::fail);
    }
}
