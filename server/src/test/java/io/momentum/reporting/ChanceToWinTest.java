package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.momentum.stats.BayesianBetaBinomial;
import io.momentum.stats.BetaArm;
import io.momentum.stats.Proportion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChanceToWinTest {

    /** The normal shortcut stays within 0.002 of the exact quadrature (stats.BayesianBetaBinomial) where it is used. */
    @ParameterizedTest
    @CsvSource({"2000,100,2000,120", "10000,1000,10000,1050", "5000,4800,5000,4850", "100000,2000,100000,2100", "1000,500,1000,470"})
    void normalShortcutAgreesWithTheExactIntegral(long nA, long cA, long nB, long cB) {
        Proportion a = new Proportion(nA, cA);
        Proportion b = new Proportion(nB, cB);
        BayesianBetaBinomial.Result exact = BayesianBetaBinomial.compare(a, b, new BetaArm(1, 1));
        ChanceToWin.Result fast = ChanceToWin.of(a, b);
        assertEquals(exact.probTreatmentBeatsControl(), fast.chanceToWin(), 0.002);
        assertEquals(exact.expectedLossTreatment(), fast.expectedLoss(), 0.0002);
    }

    @ParameterizedTest
    @CsvSource({"100,3,100,9", "40,20,40,25"})
    void smallSamplesUseTheExactIntegral(long nA, long cA, long nB, long cB) {
        Proportion a = new Proportion(nA, cA);
        Proportion b = new Proportion(nB, cB);
        assertEquals(BayesianBetaBinomial.compare(a, b, new BetaArm(1, 1)).probTreatmentBeatsControl(), ChanceToWin.of(a, b).chanceToWin());
    }
}
