package io.momentum.domain;

import java.util.List;

/** Too much accepted work waits for a slow store; new work is shed until it drains. */
public final class BacklogFullException extends DomainException {
    public BacklogFullException(String message) {
        super(Reason.OVERLOADED, "unavailable", message, List.of());
    }
}
