package io.momentum.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.web.WebException;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

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
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw WebException.badRequest("the body must be a JSON object {\"method\": ..., \"inputs\": {...}}");
        }
        try {
            return json.mapper().readTree(ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw WebException.badRequest("malformed JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }
}
