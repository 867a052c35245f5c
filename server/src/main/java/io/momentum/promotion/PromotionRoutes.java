package io.momentum.promotion;

import io.momentum.assign.QaTokens;
import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.YamlExperimentCatalog;
import io.momentum.reporting.ResultsService;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.time.Clock;

/** {@code GET /v1/experiments/{id}/promotion}: the YAML change that rolls out a winner, and the signed preview links. */
public final class PromotionRoutes implements Routes {
    private final Vertx vertx;
    private final ApiJson json;
    private final YamlExperimentCatalog catalog;
    private final ResultsService results;
    private final QaTokens qaTokens;
    private final Clock clock;

    public PromotionRoutes(Vertx vertx, ApiJson json, YamlExperimentCatalog catalog, ResultsService results, QaTokens qaTokens,
                           Clock clock) {
        this.vertx = vertx;
        this.qaTokens = qaTokens;
        this.clock = clock;
        this.json = json;
        this.catalog = catalog;
        this.results = results;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments/{id}/promotion", Access.VIEWER, this::promotion);
    }

    private void promotion(RoutingContext ctx) {
        promotion(ctx.pathParam("id")).onSuccess(body -> json.write(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** For the API and the dashboard page. */
    public Future<Promotion> promotion(String id) {
        Experiment experiment = catalog.current().experiment(id).orElseThrow(() -> new UnknownExperimentException(id));
        return results.results(id).compose(r -> vertx.executeBlocking(
                () -> Promotion.of(experiment, r, Files.readString(catalog.directory().resolve(experiment.source())),
                        qaTokens::issue, clock.instant().plus(QaTokens.LIFETIME)), false));
    }
}
