package io.momentum.assign;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Flags traffic that looks minted: one client address bringing many new visitor ids into one experiment. A
 * stranger can assign made-up ids (the hash is public) and convert only those in the variant they favour; every
 * id is then "real" to the counters, but they all come from a few addresses. Counts, per experiment, the
 * exposures of visitors from addresses that brought more than {@link #NEW_VISITORS_PER_ADDRESS} of them within
 * {@link #WINDOW}; the results show the count as a warning. In memory and per process: a restart forgets it,
 * and visitors behind one NAT or proxy (without {@code --trusted-proxies}) share an address.
 */
public final class MintedVisitors {
    public static final int NEW_VISITORS_PER_ADDRESS = 50;
    public static final Duration WINDOW = Duration.ofHours(1);
    /** Ids remembered per address and experiment; past it every exposure from the address counts as suspect. */
    private static final int MAX_REMEMBERED = 1_000;
    private static final int MAX_TRACKED = 100_000;

    private final Cache<String, Set<String>> visitorsByAddress = Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED)
            .expireAfterWrite(WINDOW)
            .build();
    private final Map<String, LongAdder> suspectByExperiment = new ConcurrentHashMap<>();

    /** An exposure of {@code visitor} in {@code experiment}, sent by (or assigned to) {@code address}. */
    public void exposed(String address, String experiment, String visitor) {
        Set<String> visitors = visitorsByAddress.get(address + "\n" + experiment, ignored -> ConcurrentHashMap.newKeySet());
        int before = visitors.size();
        boolean added = before < MAX_REMEMBERED ? visitors.add(visitor) : !visitors.contains(visitor);
        if (!added) {
            return;
        }
        int now = before + 1;
        LongAdder suspect = suspectByExperiment.computeIfAbsent(experiment, ignored -> new LongAdder());
        if (now == NEW_VISITORS_PER_ADDRESS + 1) {
            suspect.add(now); // the ones before the threshold were minted just the same
        } else if (now > NEW_VISITORS_PER_ADDRESS + 1) {
            suspect.increment();
        }
    }

    /** Exposures in {@code experiment} of visitors from addresses that brought too many new ones; 0 when none. */
    public long suspect(String experiment) {
        LongAdder count = suspectByExperiment.get(experiment);
        return count == null ? 0 : count.sum();
    }
}
