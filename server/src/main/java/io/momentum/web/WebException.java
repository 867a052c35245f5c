package io.momentum.web;

import java.util.List;

/**
 * A request the route cannot even hand to a service (malformed body, bad parameter, wrong media type),
 * answered with this status and the JSON envelope. Thrown by route handlers and the kernel only;
 * services throw {@link io.momentum.domain.DomainException}s.
 */
public final class WebException extends RuntimeException {
    private final int status;
    private final ApiError error;

    public WebException(int status, String code, String message, List<?> details) {
        super(message, null, false, false);
        this.status = status;
        this.error = new ApiError(code, message, details);
    }

    public WebException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static WebException badRequest(String message) {
        return new WebException(400, "bad_request", message);
    }

    public static WebException notFound(String message) {
        return new WebException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
