package io.momentum.reporting;

import io.momentum.web.Access;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.assign.MintedVisitors;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code GET /v1/experiments/{id}/results} (optionally {@code ?dimension=channel}), {@code GET /v1/flywheel} and {@code GET /v1/funnels/{name}} (both also by {@code dimension}). */
public final class ResultsRoutes implements Routes {
    private final ApiJson json;
    private final ResultsService results;
    private final FlywheelService flywheel;
    private final MintedVisitors minted;

    public ResultsRoutes(ApiJson json, ResultsService results, FlywheelService flywheel, MintedVisitors minted) {
        this.json = json;
        this.results = results;
        this.flywheel = flywheel;
        this.minted = minted;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments/{id}/results", Access.VIEWER, this::results);
        table.get("/v1/flywheel", Access.VIEWER, this::flywheel);
        table.get("/v1/funnels/{name}", Access.VIEWER, this::funnel);
    }

    private void results(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String dimension = ctx.queryParams().get("dimension");
        Future<? extends Record> body = dimension == null ? results.results(id) : results.results(id, dimension);
        respond(ctx, body.map(answer -> withWarnings(answer, minted.suspect(id))));
    }

    /** The results with a {@code warnings} list when some of the counted traffic looks minted. */
    private Object withWarnings(Record body, long suspect) {
        if (suspect == 0) {
            return body;
        }
        ObjectNode node = json.mapper().valueToTree(body);
        node.putArray("warnings").addObject()
                .put("code", "minted_visitors")
                .put("count", suspect)
                .put("message", suspect + " exposures came from addresses that each brought more than "
                        + MintedVisitors.NEW_VISITORS_PER_ADDRESS + " new visitors within " + MintedVisitors.WINDOW.toMinutes()
                        + " minutes: the traffic may be minted to steer the result (or many visitors share one address)");
        return node;
    }

    private void flywheel(RoutingContext ctx) {
        respond(ctx, flywheel.report(query(ctx, "period"), query(ctx, "from"), query(ctx, "to"), query(ctx, "dimension")));
    }

    private void funnel(RoutingContext ctx) {
        respond(ctx, flywheel.funnel(ctx.pathParam("name"), query(ctx, "period"), query(ctx, "from"), query(ctx, "to"),
                query(ctx, "dimension")));
    }

    private static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    private void respond(RoutingContext ctx, Future<?> answer) {
        answer.onSuccess(body -> json.write(ctx, 200, body)).onFailure(ctx::fail);
    }
}
