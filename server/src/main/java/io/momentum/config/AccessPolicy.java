package io.momentum.config;

import java.util.List;

/**
 * Who may call the public routes and how often.
 *
 * @param corsOrigins       origins (e.g. {@code https://www.example.com}) allowed to call the public
 *                          routes from a browser; empty means no cross-origin access
 * @param requestsPerSecond sustained requests per second per client IP on {@code /v1/assign} and
 *                          {@code /v1/events}; 0 disables the limit (load tests)
 * @param burst             requests a client IP may send at once before the sustained rate applies
 * @param trustedProxies    proxies (CIDR blocks) whose {@code X-Forwarded-For} names the client; empty trusts none
 */
public record AccessPolicy(List<String> corsOrigins, int requestsPerSecond, int burst, List<Cidr> trustedProxies) {
    public static final int DEFAULT_RATE = 1000;
    public static final AccessPolicy UNLIMITED = new AccessPolicy(List.of(), 0, 0, List.of());
    /** The default of {@code momentum serve}: no cross-origin access, {@link #DEFAULT_RATE} per IP. */
    public static final AccessPolicy DEFAULT = of(List.of(), DEFAULT_RATE);

    public AccessPolicy {
        corsOrigins = List.copyOf(corsOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        if (requestsPerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate limit and burst must be >= 0, were " + requestsPerSecond + " and " + burst);
        }
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("CORS origin must look like https://host[:port] or be *, was \"" + origin + "\"");
            }
        }
    }

    /** The given origins and sustained rate per IP, with a burst of twice the rate. */
    public static AccessPolicy of(List<String> corsOrigins, int requestsPerSecond) {
        return new AccessPolicy(corsOrigins, requestsPerSecond, 2 * requestsPerSecond, List.of());
    }

    /** This policy, reading the client address from {@code X-Forwarded-For} when the peer is one of {@code proxies}. */
    public AccessPolicy trusting(List<Cidr> proxies) {
        return new AccessPolicy(corsOrigins, requestsPerSecond, burst, proxies);
    }

    public boolean rateLimited() {
        return requestsPerSecond > 0;
    }
}
