package io.momentum.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class DimensionTest {
    @Test
    void aMissingOrBlankValueIsNone() {
        assertEquals(Dimension.NONE, Dimension.segmentOf(null));
        assertEquals(Dimension.NONE, Dimension.segmentOf(" \t"));
    }

    @Test
    void replacesTheCounterSeparatorAndControlCharacters() {
        assertEquals("spring_sale_2026_", Dimension.segmentOf(" spring|sale\n2026\u007f "));
    }

    @Test
    void keepsACleanValueAsItIs() {
        String clean = "paid_search";
        assertSame(clean, Dimension.segmentOf(clean));
    }

    @Test
    void cutsLongValuesAtSixtyFourCharacters() {
        assertEquals("c".repeat(Dimension.MAX_VALUE_LENGTH), Dimension.segmentOf("c".repeat(200)));
    }
}
