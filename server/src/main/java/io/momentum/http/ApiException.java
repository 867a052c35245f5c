package io.momentum.http;

import java.util.List;

/** A failure the caller should see as a JSON error with this HTTP status; thrown by handlers. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ApiError error;

    public ApiException(int status, String code, String message, List<?> details) {
        super(message, null, false, false);
        this.status = status;
        this.error = new ApiError(code, message, details);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
