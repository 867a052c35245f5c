package io.momentum.reporting;

import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code GET /v1/segments?dimension=channel&goal=trial_signup}: the channel report across all visitors. */
public final class ChannelReportRoutes implements Routes {
    private final ApiJson json;
    private final ChannelReportService reports;

    public ChannelReportRoutes(ApiJson json, ChannelReportService reports) {
        this.json = json;
        this.reports = reports;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/segments", Access.VIEWER, this::segments);
    }

    private void segments(RoutingContext ctx) {
        reports.report(Optional.ofNullable(ctx.queryParams().get("dimension")), Optional.ofNullable(ctx.queryParams().get("goal")))
                .onSuccess(body -> json.write(ctx, 200, body)).onFailure(ctx::fail);
    }
}
