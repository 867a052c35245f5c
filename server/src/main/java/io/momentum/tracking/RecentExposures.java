package io.momentum.tracking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.momentum.assign.Exposure;
import io.momentum.assign.ExposureRecorder;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The (experiment, visitor) pairs whose server-logged exposure Redis recently took (new or duplicate), so a
 * returning visitor's page view skips Redis. Only an optimisation: a pair it forgot goes to Redis, whose dedupe
 * key (same name-based event id, {@link RedisKeys#DEDUPE_TTL_SECONDS}) makes it a duplicate; a pair is remembered
 * only after Redis answered for it, never for a failed or rejected write, and for less than the dedupe TTL.
 */
public final class RecentExposures {
    /**
     * About 160 bytes each (key string and cache node, measured): some 16 MB of heap when full, a bounded share of a
     * 256 MB heap. Caffeine's frequency-based admission keeps the visitors who return often when one-time
     * visitors would push them out.
     */
    public static final long DEFAULT_MAX_PAIRS = 100_000;
    /** Far below the 7-day dedupe TTL: a remembered pair always still has its dedupe key in Redis. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

    private final Cache<String, Boolean> recorded;

    public RecentExposures() {
        this(DEFAULT_MAX_PAIRS, DEFAULT_EXPIRY, Ticker.systemTicker());
    }

    RecentExposures(long maxPairs, Duration expiry, Ticker ticker) {
        if (maxPairs < 0) {
            throw new IllegalArgumentException("maxPairs must be >= 0, was " + maxPairs);
        }
        if (expiry.isNegative() || expiry.compareTo(Duration.ofSeconds(RedisKeys.DEDUPE_TTL_SECONDS)) >= 0) {
            throw new IllegalArgumentException("expiry must be between 0 and the dedupe TTL, was " + expiry);
        }
        this.recorded = Caffeine.newBuilder().maximumSize(maxPairs).expireAfterWrite(expiry).ticker(ticker).build();
    }

    /** A recorder that passes on only the exposures whose pair is not remembered (none at all when every one is). */
    public ExposureRecorder skipping(ExposureRecorder downstream) {
        return exposures -> {
            List<Exposure> fresh = unrecorded(exposures);
            return fresh.isEmpty() ? Future.succeededFuture() : downstream.record(fresh);
        };
    }

    /** A recorder writing through {@code sink} that remembers what the sink took; a failed write remembers nothing. */
    public ExposureRecorder remembering(Function<List<Exposure>, Future<IngestResult>> sink) {
        return batch -> sink.apply(batch).onSuccess(result -> remember(batch, result)).mapEmpty();
    }

    /** The exposures whose pair is not remembered, in order; the same list when none is. */
    List<Exposure> unrecorded(List<Exposure> exposures) {
        List<Exposure> fresh = null;
        for (int i = 0; i < exposures.size(); i++) {
            boolean known = recorded.getIfPresent(key(exposures.get(i))) != null;
            if (known && fresh == null) {
                fresh = new ArrayList<>(exposures.subList(0, i));
            } else if (!known && fresh != null) {
                fresh.add(exposures.get(i));
            }
        }
        return fresh == null ? exposures : fresh;
    }

    /** Remembers the exposures of {@code batch} Redis took, i.e. all but the ones {@code result} rejected. */
    void remember(List<Exposure> batch, IngestResult result) {
        Set<Integer> rejected = new HashSet<>();
        result.rejected().forEach(r -> rejected.add(r.index()));
        for (int i = 0; i < batch.size(); i++) {
            if (!rejected.contains(i)) {
                recorded.put(key(batch.get(i)), Boolean.TRUE);
            }
        }
    }

    /** Pairs remembered now (approximate, for metrics). */
    public long size() {
        return recorded.estimatedSize();
    }

    private static String key(Exposure exposure) {
        return exposure.experimentId() + '\n' + exposure.visitorId();
    }
}
