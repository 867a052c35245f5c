package io.momentum.reporting;

import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code GET /v1/experiments/{id}/results} (optionally {@code ?dimension=channel}), {@code GET /v1/flywheel} and {@code GET /v1/funnels/{name}}. */
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
        table.get("/v1/funnels/{name}", Access.VIEWER, this::funnel);
    }

    private void results(RoutingContext ctx) {
        String dimension = ctx.queryParams().get("dimension");
        respond(ctx, dimension == null ? results.results(ctx.pathParam("id")) : results.results(ctx.pathParam("id"), dimension));
    }

    private void flywheel(RoutingContext ctx) {
        respond(ctx, flywheel.report(range(ctx)));
    }

    private void funnel(RoutingContext ctx) {
        respond(ctx, flywheel.funnel(ctx.pathParam("name"), range(ctx)));
    }

    private ReportRange range(RoutingContext ctx) {
        return flywheel.range(query(ctx, "period"), query(ctx, "from"), query(ctx, "to"));
    }

    private static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    private void respond(RoutingContext ctx, Future<?> answer) {
        answer.onSuccess(body -> json.write(ctx, 200, body)).onFailure(ctx::fail);
    }
}
