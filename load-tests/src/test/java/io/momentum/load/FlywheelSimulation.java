package io.momentum.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.momentum.load.PlantedFunnel.CTA;
import static io.momentum.load.PlantedFunnel.FEATURE_GOAL;
import static io.momentum.load.PlantedFunnel.LANDING;
import static io.momentum.load.PlantedFunnel.REFERRAL;
import static io.momentum.load.PlantedFunnel.SIGNUP_GOAL;
import static io.momentum.load.PlantedFunnel.SURVEY;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The synthetic flywheel: {@code -Dvisitors} visitors walk the four stages of {@link PlantedFunnel} against a
 * server started with {@code --experiments load-tests/src/test/resources/flywheel-experiments}. Afterwards one
 * checker asks the results and flywheel APIs and fails the run unless the planted winner is found, the A/A test
 * shows no winner and every exposure and converter the visitors sent is counted exactly once.
 *
 * <p>{@code -Dvisitors} (default 6000), {@code -Dduration} (s over which they arrive, default 20),
 * {@code -Dp99Ms} (default 200), {@code -DbaseUrl}, {@code -Dseed}.
 */
public class FlywheelSimulation extends Simulation {

    private final RunSettings run = RunSettings.fromSystemProperties(1, 20, 200);
    private final int visitorCount = RunSettings.intProperty("visitors", 6000);
    private final SentCounts sent = new SentCounts();

    private final HttpProtocolBuilder protocol = http.baseUrl(run.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("momentum-load-tests");

    private final ChainBuilder activation = assign("activation", "/sim/landing", LANDING, "landingVariant")
            .exec(session -> session.set("signedUp", PlantedFunnel.signsUp(visitor(session), session.getString("landingVariant"))))
            .exec(sendEvents("activation events", session -> {
                String visitor = visitor(session);
                String variant = session.getString("landingVariant");
                EventBatch events = new EventBatch().exposure(visitor, LANDING, visitor + "-landing-x");
                sent.exposure(LANDING, variant);
                if (session.getBoolean("signedUp")) {
                    events.conversion(visitor, SIGNUP_GOAL, visitor + "-signup");
                    sent.converter(LANDING, variant, SIGNUP_GOAL);
                }
                return events;
            }));

    private final ChainBuilder adoption = assign("adoption", "/sim/app", CTA, "ctaVariant")
            .exec(sendEvents("adoption events", session -> {
                String visitor = visitor(session);
                String variant = session.getString("ctaVariant");
                EventBatch events = new EventBatch().exposure(visitor, CTA, visitor + "-cta-x");
                sent.exposure(CTA, variant);
                if (PlantedFunnel.usesFeature(visitor)) {
                    events.conversion(visitor, FEATURE_GOAL, visitor + "-feature");
                    sent.converter(CTA, variant, FEATURE_GOAL);
                }
                return events;
            }));

    private final ChainBuilder adoration = assign("adoration", "/sim/app/feedback", SURVEY, "surveyVariant")
            .exec(sendEvents("adoration events", session -> {
                String visitor = visitor(session);
                EventBatch events = new EventBatch().exposure(visitor, SURVEY, visitor + "-survey-x");
                sent.exposure(SURVEY, session.getString("surveyVariant"));
                if (PlantedFunnel.answersSurvey(visitor)) {
                    events.survey(visitor, SURVEY, PlantedFunnel.surveyScore(visitor), visitor + "-survey");
                }
                return events;
            }));

    private final ChainBuilder advocacy = assign("advocacy", "/sim/app/refer", REFERRAL, "referralVariant")
            .exec(sendEvents("advocacy events", session -> {
                String visitor = visitor(session);
                sent.exposure(REFERRAL, session.getString("referralVariant"));
                return new EventBatch()
                        .exposure(visitor, REFERRAL, visitor + "-referral-x")
                        .referral(visitor, REFERRAL, visitor + "-referral");
            }));

    private final ScenarioBuilder visitors = scenario("visitors walking the flywheel")
            .exec(feed(visitorIds()))
            .exec(activation)
            .doIf(session -> session.getBoolean("signedUp")).then(
                    exec(adoption).doIf(session -> PlantedFunnel.usesFeature(visitor(session))).then(
                            exec(adoration).doIf(session -> PlantedFunnel.refersAFriend(visitor(session))).then(advocacy)));

    private final ScenarioBuilder checker = scenario("checking what the results API found")
            .exec(http("results of the planted winner")
                    .get("/v1/experiments/" + LANDING + "/results")
                    .check(status().is(200))
                    .check(jmesPath("decision.status").is("winner"))
                    .check(jmesPath("decision.winner").is(PlantedFunnel.PLANTED_WINNER))
                    .check(countChecks(LANDING, SIGNUP_GOAL, List.of("control", "treatment"))))
            .exec(http("results of the A/A test")
                    .get("/v1/experiments/" + CTA + "/results")
                    .check(status().is(200))
                    .check(jmesPath("decision.status").not("winner"))
                    .check(countChecks(CTA, FEATURE_GOAL, List.of("a", "b"))))
            .exec(http("flywheel report")
                    .get("/v1/flywheel")
                    .check(status().is(200)));

    {
        setUp(visitors.injectOpen(rampUsers(visitorCount).during(run.duration()))
                .andThen(checker.injectOpen(atOnceUsers(1))))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(run.p99Ms()));
    }

    private Iterator<Map<String, Object>> visitorIds() {
        AtomicLong next = new AtomicLong();
        String prefix = "fw" + run.seed() + "-";
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return Map.of("visitor", prefix + next.incrementAndGet());
            }
        };
    }

    private static String visitor(Session session) {
        return session.getString("visitor");
    }

    /** Asks for the visitor's variants of one stage without logging exposures: the visitor sends them itself. */
    private static ChainBuilder assign(String stage, String url, String experiment, String saveVariantAs) {
        return exec(http("assign " + stage)
                .get("/v1/assign")
                .queryParam("visitor", "#{visitor}")
                .queryParam("stage", stage)
                .queryParam("url", url)
                .queryParam("track", "false")
                .check(status().is(200))
                .check(jmesPath("assignments[?experiment=='" + experiment + "'].variant | [0]").saveAs(saveVariantAs)));
    }

    private static ChainBuilder sendEvents(String name, Function<Session, EventBatch> events) {
        return exec(session -> session.set("events", events.apply(session).toJson()))
                .exec(http(name)
                        .post("/v1/events")
                        .body(StringBody("#{events}"))
                        .check(status().is(202))
                        .check(jmesPath("duplicates").ofInt().is(0))
                        .check(jmesPath("length(rejected)").ofInt().is(0)));
    }

    /** Exposures and primary-goal converters per variant must equal what the visitors sent. */
    private List<CheckBuilder> countChecks(String experiment, String goal, List<String> variants) {
        List<CheckBuilder> checks = new ArrayList<>();
        for (String variant : variants) {
            String path = "variants[?key=='" + variant + "'] | [0]";
            checks.add(jmesPath(path + ".exposures").ofLong().is(session -> sent.exposures(experiment, variant)));
            checks.add(jmesPath(path + ".goals." + goal + ".converters").ofLong()
                    .is(session -> sent.converters(experiment, variant, goal)));
        }
        return checks;
    }
}
