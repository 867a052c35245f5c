package io.momentum.assign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.momentum.assignment.Assignment;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the common 200 answer of {@code /v1/assign} (no unknown experiments, ignored forces or debug) straight into
 * bytes: each variant's part ({@code {"experiment":...,"payload":{...},"source":"}) is serialised once and reused, so
 * 20 assignments cost 20 copies, not 20 Jackson walks of their payload trees. Byte for byte what Jackson writes
 * for {@link AssignmentRoutes.AssignResponse} ({@code AssignmentAnswerJsonTest} compares them).
 */
final class AssignmentAnswerJson {
    private static final byte[] VISITOR = bytes("{\"visitor\":\"");
    private static final byte[] ASSIGNMENTS = bytes("\",\"assignments\":[");
    private static final byte[] TOKEN = bytes(",\"token\":\"");
    private static final byte[] END = bytes("]}");

    private final ObjectMapper mapper;
    /** Keyed by the variant instance (weak, identity): a new catalog snapshot brings new instances, old ones go. */
    private final Cache<Variant, Part> parts = Caffeine.newBuilder().weakKeys().build();
    private final Map<Assignment.Source, byte[]> sources = new EnumMap<>(Assignment.Source.class);

    AssignmentAnswerJson(ObjectMapper mapper) {
        this.mapper = mapper;
        for (Assignment.Source source : Assignment.Source.values()) {
            sources.put(source, bytes(source.wire() + "\""));
        }
    }

    /** The experiment the bytes were made for: a variant instance reused in another experiment is serialised again. */
    private record Part(Experiment experiment, byte[] bytes) {
    }

    Buffer write(String visitor, List<Assignment> assignments, Map<String, String> tokens) {
        Buffer out = Buffer.buffer(64 + assignments.size() * 256);
        out.appendBytes(VISITOR).appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(visitor)).appendBytes(ASSIGNMENTS);
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            if (i > 0) {
                out.appendByte((byte) ',');
            }
            out.appendBytes(part(a)).appendBytes(sources.get(a.source()));
            String token = tokens.get(a.experiment().id());
            if (token != null) {
                // base 36 digits, '.' and base64url: nothing to escape
                out.appendBytes(TOKEN).appendString(token, "US-ASCII").appendByte((byte) '"');
            }
            out.appendByte((byte) '}');
        }
        return out.appendBytes(END);
    }

    private byte[] part(Assignment a) {
        Part part = parts.getIfPresent(a.variant());
        if (part == null || part.experiment() != a.experiment()) {
            part = new Part(a.experiment(), serialise(a.experiment(), a.variant()));
            parts.put(a.variant(), part);
        }
        return part.bytes();
    }

    /** {@code {"experiment":"...","stage":"...","kind":"...","variant":"...","payload":...,"source":"}. */
    private byte[] serialise(Experiment experiment, Variant variant) {
        try {
            return bytes("{\"experiment\":" + mapper.writeValueAsString(experiment.id())
                    + ",\"stage\":" + mapper.writeValueAsString(experiment.stage().wire())
                    + ",\"kind\":" + mapper.writeValueAsString(experiment.kind().wire())
                    + ",\"variant\":" + mapper.writeValueAsString(variant.key())
                    + ",\"payload\":" + mapper.writeValueAsString(variant.payload())
                    + ",\"source\":\"");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload of " + experiment.id() + "/" + variant.key() + " not serialisable", e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
