package io.momentum.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Visitors asking {@code GET /v1/assign} at a constant arrival rate, against whatever experiments the server
 * runs (the examples in {@code experiments/} by default). SLO: no failed request, p99 under {@code -Dp99Ms}.
 *
 * <p>{@code -Drate} (assignments/s, default 200), {@code -Dduration} (s, default 30), {@code -Dp99Ms} (default 50),
 * {@code -DbaseUrl}, {@code -Dseed}.
 */
public class AssignSimulation extends Simulation {

    private final RunSettings run = RunSettings.fromSystemProperties(200, 30, 50);

    private final HttpProtocolBuilder protocol = http.baseUrl(run.baseUrl())
            .acceptHeader("application/json")
            .userAgentHeader("momentum-load-tests");

    private final ChainBuilder assign = feed(Visitors.feeder("assign-" + run.seed()))
            .exec(http("assign")
                    .get("/v1/assign")
                    .queryParam("visitor", "#{visitor}")
                    .queryParam("url", "#{url}")
                    .queryParam("attr.country", "#{country}")
                    .queryParam("attr.device", "#{device}")
                    .queryParam("attr.plan", "#{plan}")
                    .check(status().is(200))
                    .check(jmesPath("visitor").isEL("#{visitor}"))
                    .check(jmesPath("assignments").exists()));

    private final ScenarioBuilder visitors = scenario("visitors asking for their variants").exec(assign);

    {
        setUp(visitors.injectOpen(constantUsersPerSec(run.rate()).during(run.duration())))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(run.p99Ms()));
    }
}
