package io.momentum.web;

import java.util.List;

/** The one error shape on the wire: {@code {"error": {"code", "message", "details"}}}. */
public record ApiError(String code, String message, List<?> details) {
    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** Wrapper so the JSON body is {@code {"error": {...}}}. */
    public record Envelope(ApiError error) {
    }
}
