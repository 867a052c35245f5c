package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.stats.Proportion;
import io.momentum.stats.StratifiedDifference;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedRatesTest {

    /**
     * Simpson's paradox: both arms convert equally within each period, but B got most of its traffic
     * in the better second period. Pooled, B looks 50 % better (0.15 vs 0.10); stratified, no difference.
     */
    @Test
    void removesTheBiasOfShiftingWeights() {
        List<StratifiedDifference.Stratum> strata = List.of(
                new StratifiedDifference.Stratum(new Proportion(9000, 450), new Proportion(1000, 50)),
                new StratifiedDifference.Stratum(new Proportion(1000, 200), new Proportion(9000, 1800)));
        StratifiedDifference.Estimate e = StratifiedDifference.estimate(strata);
        assertEquals(0, e.diff(), 1e-12);
        assertEquals(0.125, e.controlRate(), 1e-12);
        assertEquals(1.0, e.pValue(), 1e-12);
    }

    @Test
    void findsARealDifferenceAcrossPeriods() {
        List<StratifiedDifference.Stratum> strata = List.of(
                new StratifiedDifference.Stratum(new Proportion(5000, 250), new Proportion(5000, 400)),
                new StratifiedDifference.Stratum(new Proportion(1000, 50), new Proportion(9000, 720)));
        StratifiedDifference.Estimate e = StratifiedDifference.estimate(strata);
        assertEquals(0.03, e.diff(), 1e-12);
        assertTrue(e.pValue() < 1e-6);
    }
}
