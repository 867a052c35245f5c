package io.momentum.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a simulation sent, per experiment and variant, so the results API can be checked against it exactly. */
public final class SentCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void exposure(String experiment, String variant) {
        counter(experiment, variant, "exposures").increment();
    }

    public void converter(String experiment, String variant, String goal) {
        counter(experiment, variant, "goal:" + goal).increment();
    }

    /** A visitor did a flywheel stage event (each visitor does each event at most once). */
    public void stageEvent(String event) {
        counts.computeIfAbsent("event/" + event, key -> new LongAdder()).increment();
    }

    public long stageEvents(String event) {
        return counts.computeIfAbsent("event/" + event, key -> new LongAdder()).sum();
    }

    public long exposures(String experiment, String variant) {
        return counter(experiment, variant, "exposures").sum();
    }

    public long converters(String experiment, String variant, String goal) {
        return counter(experiment, variant, "goal:" + goal).sum();
    }

    private LongAdder counter(String experiment, String variant, String what) {
        return counts.computeIfAbsent(experiment + "/" + variant + "/" + what, key -> new LongAdder());
    }
}
