package io.momentum.dashboard;

import io.momentum.assign.MintedVisitors;
import io.momentum.audit.AuditLog;
import io.momentum.promotion.PromotionRoutes;
import io.momentum.web.Access;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.reporting.ChannelReport;
import io.momentum.reporting.ChannelReportService;
import io.momentum.reporting.FlywheelService;
import java.util.Optional;
import io.momentum.reporting.ResultsService;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard pages: {@code GET /} (experiments by stage and the channel report), {@code GET /experiments/{id}} and
 * {@code GET /flywheel}. Pages carry their own Content-Security-Policy: no scripts at all, inline
 * styles only, nothing loaded from anywhere.
 */
public final class DashboardRoutes implements Routes {
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The newest changes shown on an experiment's page (the API lists more). */
    static final int HISTORY_ON_PAGE = 20;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);

    private final ResultsService results;
    private final FlywheelService flywheel;
    private final PromotionRoutes promotions;
    private final AuditLog history;
    private final ChannelReportService channels;
    private final DashboardPages pages;
    private final MintedVisitors minted;

    /**
     * @param notices  settings that leave the numbers or the dashboard open ({@code config.SecurityNotices}), on every page
     * @param minted   the minted-visitor counters, warned about on the experiment's page
     * @param channels the channel report shown on the home page
     */
    public DashboardRoutes(ResultsService results, FlywheelService flywheel, PromotionRoutes promotions, AuditLog history,
                           MintedVisitors minted, List<String> notices, ChannelReportService channels) {
        this.pages = new DashboardPages(notices);
        this.minted = minted;
        this.results = results;
        this.flywheel = flywheel;
        this.promotions = promotions;
        this.history = history;
        this.channels = channels;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/", Access.VIEWER, this::index);
        table.get("/experiments/{id}", Access.VIEWER, this::experiment);
        table.get("/flywheel", Access.VIEWER, this::flywheel);
        table.get("/funnels/{name}", Access.VIEWER, this::funnel);
    }

    /**
     * Experiments, then the channel report for the activation goal ({@code ?dimension=} picks another dimension; an
     * unknown one is a 400). A report that cannot be read leaves the experiments readable: the section is left out.
     */
    private void index(RoutingContext ctx) {
        var experiments = results.all();
        Future<ChannelReport> report = channels.report(Optional.ofNullable(ctx.queryParams().get("dimension")), Optional.empty())
                .recover(e -> {
                    LOG.warn("channel report left off the home page: {}", e.toString());
                    return Future.succeededFuture(null);
                });
        respond(ctx, Future.all(experiments, report).map(done -> pages.index(experiments.result(), report.result())));
    }

    private void experiment(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String dimension = ctx.queryParams().get("dimension");
        var experiment = results.results(id);
        var trend = results.trend(id);
        Future<java.util.Optional<io.momentum.reporting.SegmentResults>> segments = dimension == null
                ? Future.succeededFuture(java.util.Optional.empty())
                : results.results(id, dimension).map(java.util.Optional::of);
        var promotion = promotions.promotion(id);
        var changes = ctx.vertx().executeBlocking(() -> history.history(id, HISTORY_ON_PAGE), false);
        respond(ctx, Future.all(List.of(experiment, trend, segments, promotion, changes)).map(done -> pages.experiment(experiment.result(),
                trend.result(), segments.result(), results.dimensions(), promotion.result(), changes.result(), minted.suspect(id))));
    }

    private void flywheel(RoutingContext ctx) {
        respond(ctx, flywheel.report(query(ctx, "period"), Optional.empty(), Optional.empty(), query(ctx, "dimension"))
                .map(report -> pages.flywheel(report, results.dimensions())));
    }

    private void funnel(RoutingContext ctx) {
        respond(ctx, flywheel.funnel(ctx.pathParam("name"), query(ctx, "period"), Optional.empty(), Optional.empty(), query(ctx, "dimension"))
                .map(report -> pages.funnel(report, results.dimensions())));
    }

    private static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    private static void respond(RoutingContext ctx, Future<String> html) {
        html.onSuccess(page -> ctx.response()
                        .putHeader("content-type", "text/html; charset=utf-8")
                        .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                        .putHeader("cache-control", "no-store")
                        .end(page))
                .onFailure(ctx::fail);
    }
}
