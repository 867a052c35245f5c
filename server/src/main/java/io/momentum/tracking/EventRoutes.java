package io.momentum.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.ClientAddress;
import io.momentum.web.IngestKey;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.web.WebException;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/events} (JSON, or text/plain for sendBeacon; at most {@value EventParser#MAX_EVENTS_PER_BATCH}
 * events and 1 MB; a backend adds {@code Authorization: Bearer <ingest key>} to send {@code source: server} events)
 * and the admin {@code GET /v1/experiments/:id/consistency}.
 */
public final class EventRoutes implements Routes {
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-z0-9-]{1,64}");

    private final ApiJson json;
    private final EventParser parser;
    private final EventIngest ingest;
    private final ConsistencyCheck consistency;
    private final VisitorHistory visitors;
    private final IngestKey ingestKey;

    public EventRoutes(ApiJson json, EventParser parser, EventIngest ingest, ConsistencyCheck consistency, VisitorHistory visitors,
                       IngestKey ingestKey) {
        this.visitors = visitors;
        this.ingestKey = ingestKey;
        this.json = json;
        this.parser = parser;
        this.ingest = ingest;
        this.consistency = consistency;
    }

    @Override
    public void declare(RouteTable table) {
        table.post("/v1/events", Access.PUBLIC, this::events).crossOrigin().rateLimited();
        table.get("/v1/experiments/{id}/consistency", Access.ADMIN, this::consistency);
        table.get("/v1/visitors/{id}", Access.VIEWER, this::visitor);
    }

    private void events(RoutingContext ctx) {
        boolean fromServer = ingestKey.presentedBy(ctx);
        JsonNode items = batch(ctx);
        List<TrackedEvent> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                valid.add(parser.parse(items.get(i), fromServer));
                validIndex.add(i);
            } catch (EventParser.InvalidEvent e) {
                rejected.add(new IngestResult.Rejection(i, e.getMessage()));
            }
        }
        ingest.ingest(valid, Optional.of(ClientAddress.of(ctx))).onSuccess(result -> {
            result.rejected().forEach(r -> rejected.add(new IngestResult.Rejection(validIndex.get(r.index()), r.error())));
            rejected.sort(java.util.Comparator.comparingInt(IngestResult.Rejection::index));
            if (result.accepted() + result.duplicates() == 0 && !rejected.isEmpty()) {
                ctx.fail(new WebException(400, "invalid_events", "every event of the batch was rejected", rejected));
                return;
            }
            json.write(ctx, 202, new IngestResult(result.accepted(), result.duplicates(), rejected));
        }).onFailure(ctx::fail);
    }

    /** The {@code events} array of the body; the whole batch is refused when the envelope is wrong. */
    private JsonNode batch(RoutingContext ctx) {
        JsonNode body = json.readBody(ctx, "{\"events\": [...]}");
        JsonNode events = body == null ? null : body.get("events");
        if (events == null || !events.isArray()) {
            throw WebException.badRequest("body must be {\"events\": [...]}");
        }
        if (events.size() > EventParser.MAX_EVENTS_PER_BATCH) {
            throw new WebException(413, "payload_too_large",
                    "a batch holds at most " + EventParser.MAX_EVENTS_PER_BATCH + " events, this one has " + events.size());
        }
        return events;
    }

    private void consistency(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!EXPERIMENT_ID.matcher(id).matches()) {
            throw WebException.badRequest("experiment id must be 1-64 of [a-z0-9-]");
        }
        consistency.check(id).onSuccess(report -> json.write(ctx, 200, report)).onFailure(ctx::fail);
    }

    private void visitor(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id.isEmpty() || id.length() > 128 || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw WebException.badRequest("visitor id must be 1-128 printable characters");
        }
        visitors.of(id).onSuccess(report -> json.write(ctx, 200, report)).onFailure(ctx::fail);
    }
}
