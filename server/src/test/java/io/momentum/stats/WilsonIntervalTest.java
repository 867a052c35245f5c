package io.momentum.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {
    /** Reference: scipy 1.17.1 {@code binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')}; tolerance 1e-12. */
    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({
            "9, 100, 0.048072540002565146, 0.1622621285271631",
            "2, 100, 0.00550196755016235, 0.07001179072854391",
            "1, 1000, 0.00017654637062607809, 0.0056425585979579355",
            "0, 50, 0.0, 0.07134759913335872",
            "50, 50, 0.9286524008666412, 1.0",
            "1021, 10234, 0.09410859288952741, 0.10572273552570635"})
    void matchesScipysWilsonInterval(long conversions, long visitors, double lower, double upper) {
        Interval ci = WilsonInterval.of(new Proportion(visitors, conversions), 0.05);
        assertEquals(lower, ci.lower(), 1e-12);
        assertEquals(upper, ci.upper(), 1e-12);
    }

    @Test
    void noVisitorsIsNoInterval() {
        assertNull(WilsonInterval.of(new Proportion(0, 0), 0.05));
    }

    @Test
    void rejectsAnAlphaOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(new Proportion(10, 1), 1.5));
    }
}
