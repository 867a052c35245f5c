package io.momentum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.momentum.analysis.AnalysisCalculator;
import io.momentum.web.ApiJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code momentum analyze}: the statistics calculator over JSON lines. Each stdin line
 * {@code {"id", "method", "inputs"}} gives one stdout line {@code {"id", "result"}} or
 * {@code {"id", "error"}}; a bad line never stops the stream. Exits 0 at end of input.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Statistics calculator: JSON lines {\"id\",\"method\",\"inputs\"} on stdin,",
                "one JSON line {\"id\",\"result\"} or {\"id\",\"error\"} per input on stdout (methods: DESIGN.md section 6)."})
public final class AnalyzeCommand implements Callable<Integer> {
    private final InputStream in;
    private final PrintStream out;

    public AnalyzeCommand() {
        this(System.in, System.out);
    }

    public AnalyzeCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() {
        AnalysisCalculator calculator = new AnalysisCalculator(new ApiJson().mapper());
        ObjectMapper mapper = calculator.mapper();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    out.println(answer(calculator, mapper, line));
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading stdin failed", e);
        }
        return 0;
    }

    private static String answer(AnalysisCalculator calculator, ObjectMapper mapper, String line) {
        ObjectNode reply = mapper.createObjectNode();
        JsonNode request;
        try {
            request = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            reply.set("id", NullNode.instance);
            reply.put("error", "malformed JSON: " + e.getOriginalMessage());
            return reply.toString();
        }
        JsonNode id = request != null && request.isObject() && request.has("id") ? request.get("id") : NullNode.instance;
        reply.set("id", id);
        try {
            reply.set("result", calculator.calculate(request));
        } catch (IllegalArgumentException e) {
            reply.put("error", e.getMessage());
        } catch (RuntimeException e) {
            // A bug in one calculation must not end a long batch; the message is enough to report it.
            reply.put("error", "internal error: " + e);
        }
        return reply.toString();
    }
}
