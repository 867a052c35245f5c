package io.momentum.stats;

/**
 * Delta-method interval of the relative lift of two means, {@code r - 1} with {@code r = mB / mA}:
 * {@code Var(r) ≈ VarA/(nA mA²) · r² + VarB/(nB mA²)}, so the control's uncertainty counts as well as
 * the treatment's (dividing the difference's interval by mA ignores it). {@code r - 1 ± z_{1-α/2} sqrt(Var(r))};
 * null when the control mean is not positive, an arm has fewer than 2 visitors, or there is no variance.
 */
public final class RelativeLift {
    private RelativeLift() {
    }

    public static Interval ofMeans(Moments control, Moments treatment, double alpha) {
        Require.openUnit("alpha", alpha);
        if (control.n() < 2 || treatment.n() < 2 || !(control.mean() > 0)) {
            return null;
        }
        double mA = control.mean();
        double ratio = treatment.mean() / mA;
        double variance = control.variance() / (control.n() * mA * mA) * ratio * ratio + treatment.variance() / (treatment.n() * mA * mA);
        if (!(variance > 0)) {
            return null;
        }
        return Interval.around(ratio - 1, Tails.normalCritical(alpha) * Math.sqrt(variance));
    }
}
