package io.momentum.reporting;

import java.util.List;

/**
 * What a reward experiment's advocates brought: visitors who landed with an advocate's code (the advocate's visitor
 * id) and those of them who succeeded (advocacy's {@code referral.success} within the flywheel window of landing),
 * per variant and for the advocates who referred the most.
 */
public record ReferralOutcome(String successEvent, List<VariantReferrals> variants, List<AdvocateReferrals> topAdvocates) {
    /** Advocates listed in {@link #topAdvocates}. */
    public static final int TOP_ADVOCATES = 20;

    public ReferralOutcome {
        variants = List.copyOf(variants);
        topAdvocates = List.copyOf(topAdvocates);
    }

    /** @param advocates exposed visitors of the variant who referred at least one visitor */
    public record VariantReferrals(String variant, long advocates, long referred, long referredActivated) {
    }

    public record AdvocateReferrals(String advocate, String variant, long referred, long referredActivated) {
    }
}
