package io.momentum.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum as it is spelled in YAML, JSON, URLs and the event log: its constant name in lower case
 * ({@code LANDING_PAGE} is {@code landing_page}). The one place that spelling lives: Jackson writes
 * and reads these enums through {@link #wire()}, and {@link #parse} is the only lookup by wire name.
 */
public interface WireName {

    /** Implemented by every enum. */
    String name();

    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelled exactly {@code text} on the wire (no trimming, no case folding); empty for anything else. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.wire().equals(text)).findFirst();
    }

    /** Every wire name of {@code type}, in declaration order. */
    static <E extends Enum<E> & WireName> List<String> all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
    }
}
