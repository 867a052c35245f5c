package io.momentum.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An experiment and the goal event the load sends conversions for. */
public record TrackedGoal(String experiment, String goal) {

    public TrackedGoal {
        if (experiment.isBlank() || goal.isBlank()) {
            throw new IllegalArgumentException("experiment and goal must not be empty, were \"" + experiment + "\", \"" + goal + "\"");
        }
    }

    /** From {@code id:goal,id:goal}, or, when that is empty, the running experiments the server lists. */
    public static List<TrackedGoal> fromPropertyOrServer(String property, String baseUrl) {
        if (property != null && !property.isBlank()) {
            return Arrays.stream(property.split(",")).map(String::trim).map(TrackedGoal::parse).toList();
        }
        List<TrackedGoal> running = runningOn(baseUrl);
        if (running.isEmpty()) {
            throw new IllegalStateException(baseUrl + "/v1/experiments lists no running experiment with full coverage outside layers; pass -Dexperiments=id:goal,...");
        }
        return running;
    }

    private static TrackedGoal parse(String pair) {
        String[] parts = pair.split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("-Dexperiments entries look like id:goal, was \"" + pair + "\"");
        }
        return new TrackedGoal(parts[0].trim(), parts[1].trim());
    }

    /**
     * Reads {@code GET /v1/experiments}: running experiments that take every visitor (full coverage, no layer),
     * so an exposure of any new visitor is accepted, and their primary goal event.
     */
    static List<TrackedGoal> runningOn(String baseUrl) {
        JsonNode listing = getJson(baseUrl + "/v1/experiments");
        JsonNode experiments = listing.isArray() ? listing : listing.path("experiments");
        List<TrackedGoal> goals = new ArrayList<>();
        for (JsonNode experiment : experiments) {
            String status = experiment.path("status").asText("running");
            String goal = experiment.path("goals").path("primary").path("event").asText("");
            boolean everyone = experiment.path("coverage").asDouble(1.0) >= 1.0 && (experiment.path("layer").isMissingNode() || experiment.path("layer").isNull());
            if (status.equalsIgnoreCase("running") && everyone && !goal.isEmpty()) {
                goals.add(new TrackedGoal(experiment.path("id").asText(), goal));
            }
        }
        return goals;
    }

    static JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + url, e);
        }
    }
}
