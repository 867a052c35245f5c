package io.momentum.domain;

import java.util.List;

/** A store the operation needs (Redis, MongoDB) does not answer; retrying later can succeed. */
public final class StoreUnavailableException extends DomainException {
    public StoreUnavailableException(String message) {
        super(Reason.UNAVAILABLE, "unavailable", message, List.of());
    }
}
