package io.momentum.load;

import java.time.Duration;

/**
 * The knobs of a simulation, read from {@code -D} system properties (the Gatling plugin forwards Maven's)
 * with defaults sized for a 2-core machine that also runs the server.
 *
 * @param baseUrl  the Momentum server under test ({@code -DbaseUrl})
 * @param rate     arrivals per second ({@code -Drate})
 * @param duration how long arrivals keep coming ({@code -Dduration}, seconds)
 * @param p99Ms    the 99th percentile response time the run must stay under ({@code -Dp99Ms})
 * @param seed     makes visitor ids and attributes reproducible ({@code -Dseed})
 */
public record RunSettings(String baseUrl, double rate, Duration duration, int p99Ms, long seed) {

    public RunSettings {
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL, was " + baseUrl);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 per second, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0 seconds, was " + duration);
        }
        if (p99Ms <= 0) {
            throw new IllegalArgumentException("p99Ms must be > 0, was " + p99Ms);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Reads the settings, falling back to the simulation's own defaults. */
    public static RunSettings fromSystemProperties(double defaultRate, int defaultSeconds, int defaultP99Ms) {
        return new RunSettings(
                System.getProperty("baseUrl", "http://127.0.0.1:8080"),
                doubleProperty("rate", defaultRate),
                Duration.ofSeconds(intProperty("duration", defaultSeconds)),
                intProperty("p99Ms", defaultP99Ms),
                intProperty("seed", 42));
    }

    public static int intProperty(String name, int defaultValue) {
        String value = System.getProperty(name);
        try {
            return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be an integer, was \"" + value + "\"", e);
        }
    }

    public static double doubleProperty(String name, double defaultValue) {
        String value = System.getProperty(name);
        try {
            return value == null || value.isBlank() ? defaultValue : Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a number, was \"" + value + "\"", e);
        }
    }
}
