package io.momentum.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches of exposures and conversions posted to {@code POST /v1/events}: each batch holds
 * {@code batchSize / 2} new visitors, each exposed to one running experiment and converting on its primary goal.
 * SLO: every batch accepted in full (no failure, no duplicate, nothing rejected), p99 under {@code -Dp99Ms}.
 *
 * <p>{@code -Drate} (batches/s, default 20), {@code -Dduration} (s, default 30), {@code -DbatchSize} (default 50),
 * {@code -Dp99Ms} (default 100), {@code -Dexperiments=id:goal,id:goal} (default: the running experiments the
 * server lists), {@code -DbaseUrl}.
 */
public class EventsSimulation extends Simulation {

    private final RunSettings run = RunSettings.fromSystemProperties(20, 30, 100);
    private final int batchSize = RunSettings.intProperty("batchSize", 50);
    private final List<TrackedGoal> goals = TrackedGoal.fromPropertyOrServer(System.getProperty("experiments"), run.baseUrl());
    // Event ids must be unique across runs against the same server, or the second run would count duplicates.
    private final String runId = "ev" + run.seed() + "-" + Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong batches = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(run.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("momentum-load-tests");

    private final ChainBuilder postBatch = exec(session -> session.set("batch", nextBatch()))
            .exec(http("events batch")
                    .post("/v1/events")
                    .body(StringBody("#{batch}"))
                    .check(status().is(202))
                    .check(jmesPath("accepted").ofInt().is(batchSize))
                    .check(jmesPath("duplicates").ofInt().is(0))
                    .check(jmesPath("length(rejected)").ofInt().is(0)));

    private final ScenarioBuilder senders = scenario("pages sending event batches").exec(postBatch);

    {
        if (batchSize < 2 || batchSize % 2 != 0) {
            throw new IllegalArgumentException("-DbatchSize must be an even number >= 2 (exposure + conversion pairs), was " + batchSize);
        }
        setUp(senders.injectOpen(constantUsersPerSec(run.rate()).during(run.duration())))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(run.p99Ms()));
    }

    private String nextBatch() {
        long batch = batches.incrementAndGet();
        EventBatch events = new EventBatch();
        for (int i = 0; i < batchSize / 2; i++) {
            String visitor = runId + "-" + batch + "-" + i;
            TrackedGoal goal = goals.get((int) ((batch * batchSize + i) % goals.size()));
            events.exposure(visitor, goal.experiment(), visitor + "-x");
            events.conversion(visitor, goal.goal(), visitor + "-c");
        }
        return events.toJson();
    }
}
