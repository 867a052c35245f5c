package io.momentum.domain;

import java.util.List;

/** No experiment with this id is loaded. */
public final class UnknownExperimentException extends DomainException {
    private static final int MAX_ECHOED_ID = 80;

    public UnknownExperimentException(String experimentId) {
        super(Reason.NOT_FOUND, "not_found", "no experiment with id \"" + printable(experimentId) + "\"", List.of());
    }

    /** The id is echoed to the caller: keep it short and printable. */
    private static String printable(String id) {
        String printable = String.valueOf(id).replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > MAX_ECHOED_ID ? printable.substring(0, MAX_ECHOED_ID) + "..." : printable;
    }
}
