package io.momentum.assignment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Visitor ids are 1-128 printable characters; attributes are bounded. */
class VisitorTest {

    @ParameterizedTest
    @ValueSource(strings = {"v-123", "a", "jürgen", "visitor-😀", "訪問者", "with space", "550e8400-e29b-41d4-a716-446655440000"})
    void acceptsPrintableIds(String id) {
        assertDoesNotThrow(() -> Visitor.requireValidId(id));
    }

    @Test
    void acceptsExactly128CharactersCountingEmojiAsOne() {
        assertDoesNotThrow(() -> Visitor.requireValidId("😀".repeat(128)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\there", "new\nline", "nul\u0000", "del\u007f", "line\u2028sep", "broken\ud83d", "bidi\u202eoverride",
            "\udc00lone-low"})
    void rejectsEmptyAndUnprintableIds(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Visitor.requireValidId(id));
        assertTrue(e.getMessage().startsWith("visitor id"), e.getMessage());
    }

    @Test
    void rejectsIdsLongerThan128Characters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Visitor.requireValidId("x".repeat(129)));
        assertTrue(e.getMessage().contains("at most 128"), e.getMessage());
    }

    @Test
    void rejectsOverlongAttributeValues() {
        String value = "x".repeat(Visitor.MAX_ATTRIBUTE_VALUE_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> Visitor.of("v", null, Map.of("country", value), null));
    }
}
