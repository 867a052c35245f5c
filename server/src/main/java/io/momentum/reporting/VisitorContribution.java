package io.momentum.reporting;

import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.FlywheelDefinition.StageKpis;
import io.momentum.reporting.VisitorTimelines.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one visitor adds to the flywheel's daily {@link FlywheelTallies}: a pure function of the visitor's events (and
 * their segments), so a rollup can subtract a visitor's old contribution and add the new one when they do something,
 * and the sum over all visitors is exactly what the raw event log gives. Days are UTC epoch days.
 *
 * <p>Fields, each with the stage index {@code k} appended ({@code e0}, {@code m1_86400000}, ...): {@code e} entered
 * (day of entering), {@code c} converted within the window, {@code m_<millis>} one conversion that took that long,
 * {@code x} lost (day the window ran out unconverted), {@code w_<epoch millis>} the same at that instant, {@code n} and
 * {@code o} converted here (day of converting) and of those converted at the next stage within the window, {@code f}
 * first converted event (activation), {@code v} reached value, {@code r} retained, {@code rev} revenue by its day,
 * {@code ltv} revenue to date by the day of entering, {@code a_<visitor hex>} the day's last NPS score + 1,
 * {@code ref}/{@code ra} referred and referred who activated (day of landing), {@code d_<visitor hex>} an advocate's day.
 *
 * @param segments the visitor's value per configured dimension
 */
public record VisitorContribution(String visitor, Map<String, String> segments, List<Entry> entries) {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String SURVEY = "survey";

    public VisitorContribution {
        Objects.requireNonNull(visitor, "visitor");
        segments = Map.copyOf(segments);
        entries = List.copyOf(entries);
    }

    /** Adds {@code amount} to {@code field} of the UTC day {@code day}. */
    public record Entry(long day, String field, long amount) {
    }

    static long day(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), MILLIS_PER_DAY);
    }

    static String hex(String visitor) {
        return HexFormat.of().formatHex(visitor.getBytes(StandardCharsets.UTF_8));
    }

    /** The visitor's contribution under the flywheel definition; mirrors the definitions of {@link FlywheelSeriesCalculator}. */
    static VisitorContribution of(FlywheelDefinition flywheel, String visitor, Timeline t, Map<String, String> segments) {
        List<Entry> out = new ArrayList<>();
        Duration window = flywheel.window();
        List<StageDefinition> stages = flywheel.stages();
        for (int k = 0; k < stages.size(); k++) {
            StageDefinition stage = stages.get(k);
            Optional<StageDefinition> next = k + 1 < stages.size() ? Optional.of(stages.get(k + 1)) : Optional.empty();
            Optional<Instant> entered = t.first(stage.enteredEvent());
            Optional<Instant> converted = entered.flatMap(at -> t.firstWithin(stage.convertedEvent(), at, window));
            if (entered.isPresent()) {
                Instant at = entered.get();
                long d = day(at);
                out.add(new Entry(d, "e" + k, 1));
                if (converted.isPresent()) {
                    out.add(new Entry(d, "c" + k, 1));
                    out.add(new Entry(d, "m" + k + "_" + Duration.between(at, converted.get()).toMillis(), 1));
                } else {
                    Instant windowEnd = at.plus(window);
                    out.add(new Entry(day(windowEnd), "x" + k, 1));
                    out.add(new Entry(day(windowEnd), "w" + k + "_" + windowEnd.toEpochMilli(), 1));
                }
            }
            if (next.isPresent() && converted.isPresent()) {
                long d = day(converted.get());
                out.add(new Entry(d, "n" + k, 1));
                if (t.firstWithin(next.get().convertedEvent(), converted.get(), window).isPresent()) {
                    out.add(new Entry(d, "o" + k, 1));
                }
            }
            kpis(stage, k, window, visitor, t, entered, out);
        }
        return new VisitorContribution(visitor, segments, out);
    }

    private static void kpis(StageDefinition stage, int k, Duration window, String visitor, Timeline t, Optional<Instant> entered,
                             List<Entry> out) {
        StageKpis settings = stage.kpis();
        switch (stage.stage()) {
            case ACTIVATION -> t.first(stage.convertedEvent()).ifPresent(at -> out.add(new Entry(day(at), "f" + k, 1)));
            case ADOPTION -> settings.reachedValue().ifPresent(r -> entered
                    .filter(at -> t.firstWithin(r.event(), at, r.window()).isPresent())
                    .ifPresent(at -> out.add(new Entry(day(at), "v" + k, 1))));
            case ADORATION -> {
                settings.retention().ifPresent(r -> entered.ifPresent(start -> {
                    Instant last = start.plus(r.within());
                    boolean active = r.active().stream().flatMap(name -> t.events(name).stream())
                            .anyMatch(ev -> ev.at().isAfter(start) && !ev.at().isAfter(last));
                    if (active) {
                        out.add(new Entry(day(start), "r" + k, 1));
                    }
                }));
                settings.revenue().ifPresent(revenue -> {
                    long toDate = 0;
                    for (FlywheelEvent e : t.events(revenue)) {
                        out.add(new Entry(day(e.at()), "rev" + k, e.valueMinor()));
                        toDate += entered.isPresent() && !e.at().isBefore(entered.get()) ? e.valueMinor() : 0;
                    }
                    long ltv = toDate;
                    entered.ifPresent(at -> out.add(new Entry(day(at), "ltv" + k, ltv)));
                });
                settings.nps().ifPresent(source -> {
                    Map<Long, Integer> lastOfDay = new LinkedHashMap<>();
                    for (FlywheelEvent e : t.events(SURVEY)) {
                        if (e.score().isPresent()
                                && (source.experiments().isEmpty() || e.experiment().filter(source.experiments()::contains).isPresent())) {
                            lastOfDay.put(day(e.at()), e.score().getAsInt());
                        }
                    }
                    String field = "a" + k + "_" + hex(visitor);
                    lastOfDay.forEach((d, score) -> out.add(new Entry(d, field, score + 1L)));
                });
            }
            case ADVOCACY -> settings.referral().ifPresent(r -> {
                t.referred().ifPresent(landing -> {
                    long d = day(landing.at());
                    out.add(new Entry(d, "ref" + k, 1));
                    if (t.firstWithin(r.success(), landing.at(), window).isPresent()) {
                        out.add(new Entry(d, "ra" + k, 1));
                    }
                });
                TreeSet<Long> days = new TreeSet<>();
                t.events(r.event()).forEach(e -> days.add(day(e.at())));
                String field = "d" + k + "_" + hex(visitor);
                days.forEach(d -> out.add(new Entry(d, field, 1)));
            });
        }
    }
}
