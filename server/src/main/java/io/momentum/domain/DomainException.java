package io.momentum.domain;

import java.util.List;

/**
 * A failure a service reports in the language of the domain: why it failed ({@link Reason}), a stable
 * wire {@code code} and a message for the caller. The web kernel turns the reason into a status;
 * services never name one.
 */
public class DomainException extends RuntimeException {
    /** Why the operation failed; the edge maps each reason to one HTTP status. */
    public enum Reason { INVALID_INPUT, NOT_FOUND, CONFLICT, UNAVAILABLE, OVERLOADED, FORBIDDEN }

    private final Reason reason;
    private final String code;
    private final List<?> details;

    public DomainException(Reason reason, String code, String message, List<?> details) {
        // No stack trace: these are expected outcomes, answered to the caller and not logged as bugs.
        super(message, null, false, false);
        this.reason = reason;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    public List<?> details() {
        return details;
    }
}
