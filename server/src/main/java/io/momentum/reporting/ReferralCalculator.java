package io.momentum.reporting;

import io.momentum.reporting.ReferralOutcome.AdvocateReferrals;
import io.momentum.reporting.ReferralOutcome.VariantReferrals;
import io.momentum.reporting.VisitorTimelines.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Links referred visitors to the advocate whose code they first landed with, and the advocate to their variant. Pure.
 * A referred visitor succeeded when they did {@code success} at or after landing, within {@code window}.
 */
public final class ReferralCalculator {

    public ReferralOutcome outcome(List<String> variants, Map<String, String> advocateVariants, List<FlywheelEvent> events,
                                   String success, Duration window) {
        Map<String, long[]> byAdvocate = new LinkedHashMap<>();
        for (Timeline t : new VisitorTimelines(events).all()) {
            Optional<FlywheelEvent> landing = t.referred();
            if (landing.isEmpty() || !advocateVariants.containsKey(landing.get().referrer().orElseThrow())) {
                continue;
            }
            long[] cell = byAdvocate.computeIfAbsent(landing.get().referrer().orElseThrow(), a -> new long[2]);
            cell[0]++;
            cell[1] += t.firstWithin(success, landing.get().at(), window).isPresent() ? 1 : 0;
        }
        List<VariantReferrals> perVariant = new ArrayList<>();
        for (String variant : variants) {
            long advocates = 0;
            long referred = 0;
            long activated = 0;
            for (Map.Entry<String, long[]> e : byAdvocate.entrySet()) {
                if (variant.equals(advocateVariants.get(e.getKey()))) {
                    advocates++;
                    referred += e.getValue()[0];
                    activated += e.getValue()[1];
                }
            }
            perVariant.add(new VariantReferrals(variant, advocates, referred, activated));
        }
        List<AdvocateReferrals> top = byAdvocate.entrySet().stream()
                .map(e -> new AdvocateReferrals(e.getKey(), advocateVariants.get(e.getKey()), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(AdvocateReferrals::referred).reversed().thenComparing(AdvocateReferrals::advocate))
                .limit(ReferralOutcome.TOP_ADVOCATES).toList();
        return new ReferralOutcome(success, perVariant, top);
    }
}
