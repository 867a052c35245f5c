package io.momentum.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON conventions of the API: snake_case keys from record components, nulls written out
 * (an undefined statistic is {@code null}, not missing), strict and bounded parsing.
 */
public final class ApiJson {
    /** Deep nesting is an attack, not an experiment; real payloads stay far below this. */
    public static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper mapper;

    public ApiJson() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(1_000_000)
                        .maxNumberLength(100)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The JSON body of a request, with a plain-words 400 when it is not JSON (where, what, and what to send)
     * and a 415 for a content type that is not JSON. Accepted: {@code application/json}, {@code text/plain}
     * (what {@code sendBeacon} sends), {@code application/x-www-form-urlencoded} (what {@code curl -d}
     * sends) and none, so every JSON route answers a {@code curl -d} the same way. {@code shape} says what
     * the route expects, e.g. {@code {"events": [...]}}. An empty body is {@code null}.
     */
    public JsonNode readBody(RoutingContext ctx, String shape) {
        String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(Locale.ROOT);
        if (!type.equals("null") && !type.startsWith("application/json") && !type.startsWith("text/plain")
                && !type.startsWith("application/x-www-form-urlencoded")) {
            throw new WebException(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json "
                    + "(or text/plain), was " + printable(type));
        }
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw WebException.badRequest("the JSON is nested deeper than " + MAX_NESTING_DEPTH + " levels (or has a string or "
                    + "number longer than the limits); send " + shape);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw WebException.badRequest("the body is not valid JSON" + where + ": " + plain(e.getOriginalMessage())
                    + "; send " + shape);
        } catch (IOException e) {
            throw WebException.badRequest("the body could not be read; send " + shape);
        }
    }

    /** Jackson's own wording, minus what only makes sense to a Jackson user (hints about its features and types). */
    private static String plain(String message) {
        String text = String.valueOf(message);
        int hint = text.indexOf(" (for ");
        text = hint > 0 ? text.substring(0, hint) : text;
        text = text.replaceAll("\\s*\\(code \\d+\\)", "").replaceAll("\\s+", " ").trim();
        return printable(text);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    public Buffer encode(Object value) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable: " + value.getClass().getName(), e);
        }
    }

    public void write(RoutingContext ctx, int status, Object body) {
        write(ctx, status, encode(body));
    }

    /** Writes JSON the caller already encoded (a hot route that serialises its answer without Jackson trees). */
    public void write(RoutingContext ctx, int status, Buffer encoded) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(encoded);
    }
}
