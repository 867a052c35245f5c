package io.momentum.web;

import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.micrometer.Label;
import java.util.Set;

/**
 * Bounds the {@code method} label of the HTTP metrics: the request method is client input, and every new value
 * would be a new Prometheus series (the audit added eleven series of ~3 KB with one 3,000-character method).
 * Methods outside the standard set are counted under {@value #OTHER}.
 */
public final class MethodLabel {
    public static final String OTHER = "OTHER";
    private static final Set<String> STANDARD = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private MethodLabel() {
    }

    /** The filter to install on the metrics registry before the HTTP server records anything. */
    public static MeterFilter filter() {
        return MeterFilter.replaceTagValues(Label.HTTP_METHOD.toString(), MethodLabel::of);
    }

    static String of(String method) {
        return STANDARD.contains(method) ? method : OTHER;
    }
}
