package io.momentum.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a configuration that leave the numbers or the dashboard open to strangers, in words an operator
 * acts on: logged at start and shown on every dashboard page, so a staging switch left on in production is seen.
 */
public final class SecurityNotices {
    private SecurityNotices() {
    }

    /** The notices for {@code config}; empty when nothing is open. */
    public static List<String> of(ServerConfig config) {
        List<String> notices = new ArrayList<>();
        boolean loopback = isLoopback(config.host());
        if (config.viewerToken().isEmpty() && !loopback) {
            notices.add("The dashboard and the read APIs are open and the server listens on " + config.host()
                    + ": anyone who reaches this port reads every experiment, its unreleased payloads and its results."
                    + " Set MOMENTUM_VIEWER_TOKEN, or bind --host 127.0.0.1 behind your SSO proxy.");
        }
        if (config.allowForcedVariants()) {
            notices.add("--allow-forced-variants is on: any visitor can force any variant with a plain momentum_force link"
                    + " and see payloads not yet released. Use it on staging only; QA links from this dashboard are signed.");
        }
        if (!config.exposureTokensRequired()) {
            notices.add("--require-exposure-tokens is false: client-sent exposures count without the token /v1/assign issues,"
                    + " so anyone can count visitors they made up as exposed and steer the results.");
        }
        if (config.metricsPort().isEmpty() && !loopback) {
            notices.add("/metrics is served on the public port; --metrics-port keeps it on 127.0.0.1.");
        }
        return List.copyOf(notices);
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
    }
}
