package io.momentum.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
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
import static io.momentum.load.PlantedFunnel.LANDING_VIEW;
import static io.momentum.load.PlantedFunnel.REFERRAL;
import static io.momentum.load.PlantedFunnel.REFERRAL_GOAL;
import static io.momentum.load.PlantedFunnel.SIGNUP_GOAL;
import static io.momentum.load.PlantedFunnel.SURVEY;
import static io.momentum.load.PlantedFunnel.SURVEY_GOAL;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.List;
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

    // The arrival rate follows from visitors / duration, so -Drate is not used here.
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
                EventBatch events = expose(new EventBatch(), session, LANDING, variant);
                stageEvent(events, visitor, LANDING_VIEW);
                if (session.getBoolean("signedUp")) {
                    convert(events, visitor, LANDING, variant, SIGNUP_GOAL);
                }
                return events;
            }));

    private final ChainBuilder adoption = assign("adoption", "/sim/app", CTA, "ctaVariant")
            .exec(sendEvents("adoption events", session -> {
                String visitor = visitor(session);
                String variant = session.getString("ctaVariant");
                EventBatch events = expose(new EventBatch(), session, CTA, variant);
                if (PlantedFunnel.usesFeature(visitor)) {
                    convert(events, visitor, CTA, variant, FEATURE_GOAL);
                }
                return events;
            }));

    private final ChainBuilder adoration = assign("adoration", "/sim/app/feedback", SURVEY, "surveyVariant")
            .exec(sendEvents("adoration events", session -> {
                String visitor = visitor(session);
                String variant = session.getString("surveyVariant");
                EventBatch events = expose(new EventBatch(), session, SURVEY, variant);
                if (PlantedFunnel.answersSurvey(visitor)) {
                    events.survey(visitor, SURVEY, PlantedFunnel.surveyScore(visitor), visitor + "-survey");
                    convert(events, visitor, SURVEY, variant, SURVEY_GOAL);
                }
                return events;
            }));

    private final ChainBuilder advocacy = assign("advocacy", "/sim/app/refer", REFERRAL, "referralVariant")
            .exec(sendEvents("advocacy events", session -> {
                String visitor = visitor(session);
                String variant = session.getString("referralVariant");
                EventBatch events = expose(new EventBatch(), session, REFERRAL, variant);
                events.referral(visitor, REFERRAL, visitor + "-referral");
                convert(events, visitor, REFERRAL, variant, REFERRAL_GOAL);
                return events;
            }));

    private final ScenarioBuilder visitors = scenario("visitors walking the flywheel")
            .exec(feed(Visitors.feeder("fw" + run.seed())))
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
                    .check(status().is(200))
                    .check(stageChecks()));

    {
        setUp(visitors.injectOpen(rampUsers(visitorCount).during(run.duration()))
                .andThen(checker.injectOpen(atOnceUsers(1))))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(run.p99Ms()));
    }

    private static String visitor(Session session) {
        return session.getString("visitor");
    }

    /**
     * Asks for the visitor's variants of one stage without logging exposures: the visitor sends them itself, with
     * the exposure token of the assignment (saved as "token of EXPERIMENT").
     */
    private static ChainBuilder assign(String stage, String url, String experiment, String saveVariantAs) {
        return exec(http("assign " + stage)
                .get("/v1/assign")
                .queryParam("visitor", "#{visitor}")
                .queryParam("stage", stage)
                .queryParam("url", url)
                .queryParam("track", "false")
                .check(status().is(200))
                .check(jmesPath("assignments[?experiment=='" + experiment + "'].variant | [0]").saveAs(saveVariantAs))
                .check(jmesPath("assignments[?experiment=='" + experiment + "'].token | [0]").saveAs(tokenKey(experiment))));
    }

    private static String tokenKey(String experiment) {
        return "token of " + experiment;
    }

    private EventBatch expose(EventBatch events, Session session, String experiment, String variant) {
        sent.exposure(experiment, variant);
        String visitor = visitor(session);
        return events.exposure(visitor, experiment, visitor + "-" + experiment + "-x", session.getString(tokenKey(experiment)));
    }

    /** The visitor reached a goal of the experiment they were exposed to; goals are also flywheel stage events. */
    private void convert(EventBatch events, String visitor, String experiment, String variant, String goal) {
        sent.converter(experiment, variant, goal);
        stageEvent(events, visitor, goal);
    }

    private void stageEvent(EventBatch events, String visitor, String event) {
        sent.stageEvent(event);
        events.conversion(visitor, event, visitor + "-" + event);
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

    /** Each stage's entered and converted visitors must equal the visitors who sent those events. */
    private List<CheckBuilder> stageChecks() {
        List<CheckBuilder> checks = new ArrayList<>();
        List<String> events = List.of(LANDING_VIEW, SIGNUP_GOAL, FEATURE_GOAL, SURVEY_GOAL, REFERRAL_GOAL);
        List<String> stages = List.of("activation", "adoption", "adoration", "advocacy");
        for (int i = 0; i < stages.size(); i++) {
            String path = "stages[?stage=='" + stages.get(i) + "'] | [0]";
            String entered = events.get(i);
            String converted = events.get(i + 1);
            checks.add(jmesPath(path + ".entered").ofLong().is(session -> sent.stageEvents(entered)));
            checks.add(jmesPath(path + ".converted").ofLong().is(session -> sent.stageEvents(converted)));
        }
        return checks;
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
