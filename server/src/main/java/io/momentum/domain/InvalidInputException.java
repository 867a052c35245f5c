package io.momentum.domain;

import java.util.List;

/** The input breaks a rule of the domain (not a malformed request: that is the route's business). */
public final class InvalidInputException extends DomainException {
    public InvalidInputException(String code, String message, List<?> details) {
        super(Reason.INVALID_INPUT, code, message, details);
    }

    public InvalidInputException(String message) {
        this("bad_request", message, List.of());
    }
}
