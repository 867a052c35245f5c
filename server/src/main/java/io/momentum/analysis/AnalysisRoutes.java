package io.momentum.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.web.WebException;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/analysis}: the statistics calculator over HTTP, one request object per call. */
public final class AnalysisRoutes implements Routes {
    private final ApiJson json;
    private final AnalysisCalculator calculator;

    public AnalysisRoutes(ApiJson json) {
        this.json = json;
        this.calculator = new AnalysisCalculator(json.mapper());
    }

    @Override
    public void declare(RouteTable table) {
        table.post("/v1/analysis", Access.PUBLIC, this::analyze).rateLimited();
    }

    private void analyze(RoutingContext ctx) {
        JsonNode request = parse(ctx);
        // Integrations over many arms or thousands of looks take milliseconds: keep them off the event loop.
        ctx.vertx().executeBlocking(() -> calculate(request), false)
                .onSuccess(result -> json.write(ctx, 200, new Answer(request.get("method").textValue(), result)))
                .onFailure(ctx::fail);
    }

    /** The response body: which method ran and its result. */
    record Answer(String method, ObjectNode result) {
    }

    private ObjectNode calculate(JsonNode request) {
        try {
            return calculator.calculate(request);
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest(e.getMessage());
        }
    }

    private JsonNode parse(RoutingContext ctx) {
        JsonNode body = json.readBody(ctx, "a JSON object {\"method\": ..., \"inputs\": {...}}");
        if (body == null) {
            throw WebException.badRequest("the body must be a JSON object {\"method\": ..., \"inputs\": {...}}");
        }
        return body;
    }
}
