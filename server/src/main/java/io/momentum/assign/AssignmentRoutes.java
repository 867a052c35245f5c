package io.momentum.assign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.momentum.assignment.Assignment;
import io.momentum.assignment.AssignmentIndex;
import io.momentum.assignment.AssignmentRequest;
import io.momentum.assignment.AssignmentResult;
import io.momentum.assignment.ForcedVariant;
import io.momentum.assignment.Visitor;
import io.momentum.experiment.Stage;
import io.momentum.segments.TrafficSource;
import io.momentum.web.Access;
import io.momentum.web.ApiJson;
import io.momentum.web.ClientAddress;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.web.WebException;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code GET /v1/assign} and {@code POST /v1/assign}: the variants of one visitor.
 * Both forms take the same inputs (visitor, url, attributes, stage or experiment list, track, force).
 */
public final class AssignmentRoutes implements Routes {
    static final String ATTRIBUTE_PREFIX = "attr.";
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_EXPERIMENTS = 100;
    static final int MAX_USER_AGENT_LENGTH = 512;

    private final ApiJson json;
    private final AssignmentService service;
    private final AssignmentAnswerJson answers;

    public AssignmentRoutes(ApiJson json, AssignmentService service) {
        this.json = json;
        this.service = service;
        this.answers = new AssignmentAnswerJson(json.mapper());
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/v1/assign", Access.PUBLIC, this::assignFromQuery).crossOrigin().rateLimited();
        table.post("/v1/assign", Access.PUBLIC, this::assignFromBody).crossOrigin().rateLimited();
    }

    /** The body of a 200 answer; the two lists appear only when not empty, {@code not_assigned} only with {@code debug=1}. */
    record AssignResponse(String visitor, List<AssignmentJson> assignments,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unknownExperiments,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ForcedVariant.Ignored> ignoredForces,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<AssignmentIndex.NotAssigned> notAssigned) {
    }

    /**
     * One assignment on the wire; {@code source} is bucketed, forced or rollout (only bucketed ones are exposures,
     * and only they carry the {@code token} a client-sent exposure must return).
     */
    record AssignmentJson(String experiment, String stage, String kind, String variant, JsonNode payload, String source,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String token) {
    }

    private void assignFromQuery(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        Map<String, String> attributes = new HashMap<>();
        for (Map.Entry<String, String> param : query) {
            if (param.getKey().startsWith(ATTRIBUTE_PREFIX)) {
                attributes.putIfAbsent(param.getKey().substring(ATTRIBUTE_PREFIX.length()), param.getValue());
            }
        }
        String experiments = query.get("experiments");
        Inputs inputs = new Inputs(query.get("visitor"), query.get("url"), attributes, userAgentHeader(ctx),
                query.get("stage"), experiments == null ? null : Arrays.asList(experiments.split(",")),
                parseTrack(query.get("track")), query.get("momentum_force"), query.get("keep"), "1".equals(query.get("debug")));
        respond(ctx, inputs);
    }

    private void assignFromBody(RoutingContext ctx) {
        JsonNode body = readBody(ctx);
        Inputs inputs = new Inputs(text(body, "visitor"), text(body, "url"), attributes(body.get("attributes")),
                Optional.ofNullable(text(body, "user_agent")).orElse(userAgentHeader(ctx)),
                text(body, "stage"), experimentList(body.get("experiments")), trackFlag(body.get("track")), pairs("force", body.get("force")),
                pairs("keep", body.get("keep")), body.path("debug").asBoolean(false));
        respond(ctx, inputs);
    }

    /** The request, parsed but not yet validated; both routes end here. */
    private record Inputs(String visitor, String url, Map<String, String> attributes, String userAgent, String stage,
                          List<String> experiments, boolean track, String force, String keep, boolean debug) {
    }

    private void respond(RoutingContext ctx, Inputs in) {
        AssignmentRequest request = AssignmentRequest.of(visitor(in));
        if (in.stage() != null) {
            request = request.withStage(stage(in.stage()));
        }
        if (in.experiments() != null) {
            request = request.withExperiments(experimentIds(in.experiments()));
        }
        if (in.keep() != null) {
            request = request.withKept(in.keep());
        }
        AssignmentService.Answer answer = service.assign(request, in.force(), in.track(), ClientAddress.of(ctx));
        AssignmentResult result = answer.result();
        ctx.response().putHeader("cache-control", "no-store");
        if (!in.debug() && result.unknownExperiments().isEmpty() && result.ignoredForces().isEmpty()) {
            json.write(ctx, 200, answers.write(result.visitorId(), result.assignments(), answer.tokens()));
            return;
        }
        json.write(ctx, 200, new AssignResponse(result.visitorId(),
                result.assignments().stream().map(a -> toJson(a, answer.tokens().get(a.experiment().id()))).toList(),
                result.unknownExperiments(), result.ignoredForces(), in.debug() ? service.explain(request) : null));
    }

    private static AssignmentJson toJson(Assignment a, String token) {
        return new AssignmentJson(a.experiment().id(), a.experiment().stage().wire(), a.experiment().kind().wire(),
                a.variant().key(), a.variant().payload(), a.source().wire(), token);
    }

    private static Visitor visitor(Inputs in) {
        if (in.url() != null && in.url().length() > MAX_URL_LENGTH) {
            throw WebException.badRequest("url must have at most " + MAX_URL_LENGTH + " characters, had " + in.url().length());
        }
        String userAgent = in.userAgent() == null || in.userAgent().length() <= MAX_USER_AGENT_LENGTH
                ? in.userAgent() : in.userAgent().substring(0, MAX_USER_AGENT_LENGTH);
        try {
            // channel, visitor_type and device from the raw utm_*/referrer/visits/User-Agent, for targeting and segments
            return Visitor.of(in.visitor(), in.url(), TrafficSource.derive(in.attributes(), userAgent, in.url()), userAgent);
        } catch (IllegalArgumentException e) {
            throw WebException.badRequest(e.getMessage());
        }
    }

    private static Stage stage(String text) {
        for (Stage stage : Stage.values()) {
            if (stage.wire().equals(text.trim())) {
                return stage;
            }
        }
        StringJoiner valid = new StringJoiner(", ");
        Arrays.stream(Stage.values()).forEach(s -> valid.add(s.wire()));
        throw new WebException(400, "bad_request", "stage must be one of " + valid + ", was '" + abbreviate(text) + "'",
                Arrays.stream(Stage.values()).map(Stage::wire).toList());
    }

    private static List<String> experimentIds(List<String> ids) {
        List<String> cleaned = ids.stream().map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
        if (cleaned.size() > MAX_EXPERIMENTS) {
            throw WebException.badRequest("at most " + MAX_EXPERIMENTS + " experiments per request, got " + cleaned.size());
        }
        return cleaned;
    }

    private static boolean parseTrack(String text) {
        if (text == null || text.equals("true") || text.equals("1")) {
            return true;
        }
        if (text.equals("false") || text.equals("0")) {
            return false;
        }
        throw WebException.badRequest("track must be true or false, was '" + abbreviate(text) + "'");
    }

    private static String userAgentHeader(RoutingContext ctx) {
        return ctx.request().getHeader("user-agent");
    }

    private JsonNode readBody(RoutingContext ctx) {
        JsonNode body = json.readBody(ctx, "a JSON object with at least \"visitor\"");
        if (body == null || !body.isObject()) {
            throw WebException.badRequest("request body must be a JSON object with at least \"visitor\"");
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw WebException.badRequest(field + " must be a string");
        }
        return node.asText();
    }

    /** Attribute values may be strings, numbers or booleans; they are compared as their text. */
    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new HashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw WebException.badRequest("attributes must be an object of strings, numbers or booleans");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw WebException.badRequest("attribute " + abbreviate(entry.getKey()) + " must be a string, number or boolean");
            }
            attributes.put(entry.getKey(), value.asText());
        }
        return attributes;
    }

    private static List<String> experimentList(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw WebException.badRequest("experiments must be an array of experiment ids");
        }
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual()) {
                throw WebException.badRequest("experiments must be an array of experiment ids");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static boolean trackFlag(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw WebException.badRequest("track must be true or false");
        }
        return node.asBoolean();
    }

    /** A body field {@code "exp:variant,exp2:variant"} or {@code {"exp": "variant"}} as the text form. */
    private static String pairs(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isObject()) {
            throw WebException.badRequest(field + " must be \"experiment:variant,...\" or an object of experiment to variant");
        }
        StringJoiner forces = new StringJoiner(",");
        node.properties().forEach(e -> forces.add(e.getKey() + ":" + e.getValue().asText()));
        return forces.toString();
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
