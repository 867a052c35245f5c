package io.momentum.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.momentum.domain.InvalidInputException;
import io.momentum.domain.UnknownExperimentException;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.ExperimentCatalog;
import io.momentum.experiment.GoalPlan;
import io.momentum.experiment.CatalogSnapshot;
import io.momentum.reporting.ResultsService;
import io.momentum.web.QueryParameters;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Optional;

/** {@code GET /v1/experiments/{id}/results.csv} and {@code GET /v1/experiments/{id}/events} (NDJSON, paged). */
public final class ExportRoutes implements Routes {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    /** Lines handed to the socket at once; the worker waits for each chunk to be written (backpressure). */
    private static final int CHUNK_LINES = 200;

    private final Vertx vertx;
    private final ApiJson json;
    private final ExperimentCatalog catalog;
    private final ResultsService results;
    private final EventExport events;
    private final ResultsCsv csv;
    private final Clock clock;

    public ExportRoutes(Vertx vertx, ApiJson json, ExperimentCatalog catalog, ResultsService results, EventExport events, Clock clock) {
        this.vertx = vertx;
        this.json = json;
        this.catalog = catalog;
        this.results = results;
        this.events = events;
        this.csv = new ResultsCsv(json.mapper());
        this.clock = clock;
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/experiments/{id}/results.csv", Access.VIEWER, this::resultsCsv);
        table.get("/v1/experiments/{id}/events", Access.VIEWER, this::events);
    }

    private void resultsCsv(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        results.results(id).map(csv::write).onSuccess(text -> ctx.response()
                        .putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9._-]", "_") + "-results.csv\"")
                        .end(text))
                .onFailure(ctx::fail);
    }

    private void events(RoutingContext ctx) {
        CatalogSnapshot snapshot = catalog.current();
        String id = ctx.pathParam("id");
        Experiment experiment = snapshot.experiment(id).orElseThrow(() -> new UnknownExperimentException(id));
        Instant from = instant(ctx.queryParams().get("from"), "from").orElse(experiment.start().orElse(Instant.EPOCH));
        Instant to = instant(ctx.queryParams().get("to"), "to").orElseGet(clock::instant);
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to (" + to + ") must be after from (" + from + ")");
        }
        Optional<EventExport.Cursor> after = Optional.ofNullable(ctx.queryParams().get("cursor")).map(text -> EventExport.Cursor.decode(text)
                .orElseThrow(() -> new InvalidInputException("cursor is not one this server returned")));
        EventExport.Query query = new EventExport.Query(experiment.id(),
                new LinkedHashSet<>(GoalPlan.of(experiment, snapshot.flywheel()).events()), from, to, after,
                QueryParameters.limit(ctx.queryParams().get("limit"), DEFAULT_LIMIT, MAX_LIMIT));
        HttpServerResponse response = ctx.response();
        vertx.executeBlocking(() -> events.next(query), false).compose(next -> {
            response.setChunked(true).putHeader("content-type", "application/x-ndjson; charset=utf-8");
            next.ifPresent(cursor -> response.putHeader("x-next-cursor", cursor.encode()));
            return vertx.executeBlocking(() -> {
                streamLines(query, response);
                return null;
            }, false);
        }).onSuccess(done -> response.end()).onFailure(failure -> {
            if (response.headWritten()) {
                response.reset(); // a half-written page must not look complete
            } else {
                ctx.fail(failure);
            }
        });
    }

    /** On a worker: each chunk of lines is written and flushed before the next is read from the log. */
    private void streamLines(EventExport.Query query, HttpServerResponse response) {
        StringBuilder chunk = new StringBuilder();
        int[] lines = {0};
        events.stream(query, event -> {
            try {
                chunk.append(json.mapper().writeValueAsString(event)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("event not serialisable", e);
            }
            if (++lines[0] % CHUNK_LINES == 0) {
                flush(response, chunk);
            }
        });
        flush(response, chunk);
    }

    private static void flush(HttpServerResponse response, StringBuilder chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        Buffer buffer = Buffer.buffer(chunk.toString());
        chunk.setLength(0);
        response.write(buffer).toCompletionStage().toCompletableFuture().join();
    }

    private static Optional<Instant> instant(String text, String name) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant (2026-12-01T10:00:00Z) or date (2026-12-01), was \""
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"");
        }
    }
}
