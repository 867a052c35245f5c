package io.momentum.domain;

import java.util.List;

/** The stores answer but not fast enough for the load: the caller should retry shortly (the edge adds Retry-After). */
public final class OverloadedException extends DomainException {
    public OverloadedException(String message) {
        super(Reason.OVERLOADED, "overloaded", message, List.of());
    }
}
