package io.momentum.reporting;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where the referral outcome of reward experiments is read from (tracking implements it on MongoDB). Blocking: worker threads only. */
public interface ReferralSource {
    /** The experiment's exposed visitors and their variants. */
    Map<String, String> exposedVariants(String experimentId);

    /** Every event that carried one of {@code codes}, and every {@code success} conversion of the visitors who did. */
    List<FlywheelEvent> referredEvents(Set<String> codes, String success);
}
