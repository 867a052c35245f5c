package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition;
import io.momentum.experiment.LoadProblem;
import io.momentum.web.QueryParameters;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/alerts}: the rules and destinations in force, the problems of alerts.yaml, and the newest alerts with their deliveries. */
public final class AlertRoutes implements Routes {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final ApiJson json;
    private final AlertService alerts;

    public AlertRoutes(ApiJson json, AlertService alerts) {
        this.json = json;
        this.alerts = alerts;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/alerts", Access.VIEWER, this::list);
    }

    private void list(RoutingContext ctx) {
        int limit = QueryParameters.limit(ctx.queryParams().get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        ctx.vertx().executeBlocking(() -> alerts.recent(limit), false).onSuccess(recent -> {
            Map<String, Object> body = new LinkedHashMap<>();
            AlertsDefinition definition = alerts.alerts();
            body.put("destinations", definition.destinations().stream().map(d -> Map.of("name", d.name(), "format", d.format().wire())).toList());
            body.put("rules", definition.rules().stream().map(AlertRoutes::rule).toList());
            body.put("problems", alerts.problems().stream().map(LoadProblem::toString).toList());
            body.put("alerts", recent.stream().map(AlertRoutes::alert).toList());
            json.write(ctx, 200, body);
        }).onFailure(ctx::fail);
    }


    private static Map<String, Object> rule(AlertsDefinition.Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("when", r.when().wire());
        switch (r.when()) {
            case DECISION_REACHED -> m.put("decisions", r.decisions().stream().sorted().toList());
            case NO_EXPOSURES -> m.put("for", r.silence().toString());
            case EVENT_BACKLOG -> m.put("above", r.above());
            case SRM_DETECTED -> { }
        }
        m.put("experiments", r.experiments().stream().sorted().toList());
        m.put("to", r.to());
        return m;
    }

    private static Map<String, Object> alert(AlertStore.Listed listed) {
        Alert a = listed.alert();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("rule", a.rule());
        m.put("condition", a.condition().wire());
        m.put("experiment", a.experiment().isEmpty() ? null : a.experiment());
        m.put("state", a.state());
        m.put("fired_at", a.firedAt());
        m.put("summary", a.summary());
        m.put("details", a.details());
        m.put("deliveries", listed.deliveries().stream().map(AlertRoutes::delivery).toList());
        return m;
    }

    private static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", d.destination());
        m.put("status", d.status().wire());
        m.put("attempts", d.attempts());
        m.put("next_attempt_at", d.nextAt().orElse(null));
        m.put("delivered_at", d.deliveredAt().orElse(null));
        m.put("last_error", d.lastError().orElse(null));
        m.put("last_status", d.lastStatus().orElse(null));
        return m;
    }
}
