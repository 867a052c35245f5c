package io.momentum.reporting;

import io.momentum.experiment.Dimension;
import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.FlywheelDefinition.StageKpis;
import io.momentum.reporting.FlywheelSeries.Kpi;
import io.momentum.reporting.FlywheelSeries.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The flywheel's stages per cohort period. Pure: time comes in as {@code now}.
 *
 * <p>A visitor enters stage k at their first entered event and converts at their first converted event at or after
 * that, within the flywheel window. Friction is measured forward: of the visitors converting at k in a period, the
 * share who do k+1's converted event within the window after. The KPIs of a period (definitions in {@link #kpis}) use
 * the same cohorts; revenue is in major units. Everything is computed from {@link FlywheelTallies} (daily sums of each
 * visitor's {@link VisitorContribution}), whether they come straight from the events or from the rollup.
 */
public final class FlywheelSeriesCalculator {
    private static final double MINOR_PER_MAJOR = 100;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String SURVEY = "survey";

    /** Every event name the report needs. */
    public static Set<String> events(FlywheelDefinition flywheel) {
        Set<String> names = new LinkedHashSet<>();
        for (StageDefinition s : flywheel.stages()) {
            names.add(s.enteredEvent());
            names.add(s.convertedEvent());
            StageKpis k = s.kpis();
            k.reachedValue().ifPresent(r -> names.add(r.event()));
            k.retention().ifPresent(r -> names.addAll(r.active()));
            k.revenue().ifPresent(names::add);
            k.nps().ifPresent(n -> names.add(SURVEY));
            k.referral().ifPresent(r -> {
                names.add(r.event());
                names.add(r.success());
            });
        }
        return names;
    }

    /**
     * Each visitor's contribution, from their events; {@code segments} gives a visitor's dimension values (a dimension
     * or visitor absent there counts as {@link Dimension#NONE}, so each dimension's segments add up to all visitors).
     */
    public static List<VisitorContribution> contributions(FlywheelDefinition flywheel, List<FlywheelEvent> events,
                                                          Map<String, Map<String, String>> segments) {
        List<VisitorContribution> out = new ArrayList<>();
        VisitorTimelines timelines = new VisitorTimelines(events);
        timelines.byVisitor().forEach((visitor, t) -> {
            Map<String, String> known = segments.getOrDefault(visitor, Map.of());
            Map<String, String> values = new TreeMap<>();
            flywheel.dimensions().forEach(d -> values.put(d.name(), known.getOrDefault(d.name(), Dimension.NONE)));
            out.add(VisitorContribution.of(flywheel, visitor, t, values));
        });
        return out;
    }

    /** The tallies of all visitors and, per value of {@code dimension} if given, of its segments. */
    public static FlywheelTallies tallies(List<VisitorContribution> contributions, Optional<String> dimension) {
        FlywheelTallies tallies = new FlywheelTallies();
        for (VisitorContribution c : contributions) {
            tallies.add(c, 1, FlywheelTallies.keys(c, dimension));
        }
        return tallies;
    }

    /**
     * @param periods the period starts, ascending, followed by the end of the last period
     * @return one series per stage, in flywheel order
     */
    public List<FlywheelSeries> compute(FlywheelDefinition flywheel, List<FlywheelEvent> events, List<Instant> periods, Instant now) {
        FlywheelTallies tallies = tallies(contributions(flywheel, events, Map.of()), Optional.empty());
        return compute(flywheel, tallies.days(FlywheelTallies.ALL), periods, now);
    }

    /**
     * The series of one segment's daily tallies (see {@link VisitorContribution} for the fields).
     *
     * @param periods the period starts (UTC midnights), ascending, followed by the end of the last period
     */
    public List<FlywheelSeries> compute(FlywheelDefinition flywheel, NavigableMap<Long, Map<String, Long>> days, List<Instant> periods,
                                        Instant now) {
        List<StageDefinition> stages = flywheel.stages();
        List<FlywheelSeries> result = new ArrayList<>();
        for (int k = 0; k < stages.size(); k++) {
            Cohorts cohorts = new Cohorts(stages.get(k), k, k + 1 < stages.size(), flywheel.window(), days, now);
            List<Point> points = new ArrayList<>();
            for (int p = 0; p + 1 < periods.size(); p++) {
                points.add(cohorts.point(periods.get(p), periods.get(p + 1)));
            }
            Instant from = periods.get(0);
            Instant to = periods.get(periods.size() - 1);
            result.add(new FlywheelSeries(cohorts.kpis(from, to), cohorts.hasNext ? cohorts.toNextRate(from, to) : null, points));
        }
        return result;
    }

    /** One stage's tallies, indexed once (prefix sums per counter, per-day lists for the rest) and queried per period. */
    private static final class Cohorts {
        private static final List<String> COUNTERS = List.of("e", "c", "x", "n", "o", "f", "v", "r", "rev", "ltv", "ref", "ra");

        private final StageDefinition stage;
        private final boolean hasNext;
        private final Duration window;
        private final Instant now;
        private final long[] dayKeys;
        private final Map<String, long[]> prefix = new HashMap<>();
        private final List<TreeMap<Long, Long>> durations = new ArrayList<>();
        private final List<Map<String, Long>> answers = new ArrayList<>();
        private final Map<String, TreeMap<Long, Long>> answersByVisitor = new HashMap<>();
        private final List<Set<String>> advocates = new ArrayList<>();
        private long lostByNow;
        private final long today;

        Cohorts(StageDefinition stage, int k, boolean hasNext, Duration window, NavigableMap<Long, Map<String, Long>> days, Instant now) {
            this.stage = stage;
            this.hasNext = hasNext;
            this.window = window;
            this.now = now;
            this.dayKeys = days.keySet().stream().mapToLong(Long::longValue).toArray();
            this.today = day(now);
            Map<String, String> counters = new HashMap<>();
            COUNTERS.forEach(c -> {
                counters.put(c + k, c);
                prefix.put(c, new long[dayKeys.length + 1]);
            });
            String m = "m" + k + "_";
            String a = "a" + k + "_";
            String d = "d" + k + "_";
            String w = "w" + k + "_";
            int i = 0;
            for (Map.Entry<Long, Map<String, Long>> day : days.entrySet()) {
                TreeMap<Long, Long> mine = new TreeMap<>();
                Map<String, Long> scores = new HashMap<>();
                Set<String> theirs = new HashSet<>();
                for (Map.Entry<String, Long> f : day.getValue().entrySet()) {
                    String field = f.getKey();
                    String counter = counters.get(field);
                    if (counter != null) {
                        prefix.get(counter)[i + 1] += f.getValue();
                    } else if (field.startsWith(m)) {
                        mine.merge(Long.parseLong(field.substring(m.length())), f.getValue(), Long::sum);
                    } else if (field.startsWith(a)) {
                        String visitor = field.substring(a.length());
                        scores.put(visitor, f.getValue() - 1);
                        answersByVisitor.computeIfAbsent(visitor, v -> new TreeMap<>()).put(day.getKey(), f.getValue() - 1);
                    } else if (field.startsWith(d)) {
                        theirs.add(field.substring(d.length()));
                    } else if (field.startsWith(w) && day.getKey() == today
                            && Long.parseLong(field.substring(w.length())) <= now.toEpochMilli()) {
                        lostByNow += f.getValue();
                    }
                }
                for (long[] sums : prefix.values()) {
                    sums[i + 1] += sums[i];
                }
                durations.add(mine);
                answers.add(scores);
                advocates.add(theirs);
                i++;
            }
        }

        private static long day(Instant at) {
            return Math.floorDiv(at.toEpochMilli(), MILLIS_PER_DAY);
        }

        /** The index of the first day at or after {@code day}. */
        private int index(long day) {
            int i = Arrays.binarySearch(dayKeys, day);
            return i >= 0 ? i : -i - 1;
        }

        private long sum(String name, Instant from, Instant to) {
            long[] sums = prefix.get(name);
            return sums[index(day(to))] - sums[index(day(from))];
        }

        Point point(Instant from, Instant to) {
            long entered = sum("e", from, to);
            long converted = sum("c", from, to);
            return new Point(from, entered, converted, VisitorTimelines.rate(converted, entered),
                    hasNext ? toNextRate(from, to) : null, median(from, to), entered, lost(from, to), kpis(from, to));
        }

        /** Windows that ran out in [from, to) and by now: whole days before today, today's up to now. */
        private long lost(Instant from, Instant to) {
            long fromDay = day(from);
            long toDay = day(to);
            long[] sums = prefix.get("x");
            long lost = sums[index(Math.min(toDay, today))] - sums[index(Math.min(fromDay, today))];
            return lost + (today >= fromDay && today < toDay ? lostByNow : 0);
        }

        private Double median(Instant from, Instant to) {
            TreeMap<Long, Long> merged = new TreeMap<>();
            for (int i = index(day(from)); i < index(day(to)); i++) {
                durations.get(i).forEach((ms, n) -> merged.merge(ms, n, Long::sum));
            }
            long n = merged.values().stream().mapToLong(Long::longValue).sum();
            if (n == 0) {
                return null;
            }
            Double lower = null;
            long seen = 0;
            for (Map.Entry<Long, Long> d : merged.entrySet()) {
                double days = d.getKey() / 86_400_000.0;
                long after = seen + d.getValue();
                if (n % 2 == 1 && after > n / 2) {
                    return days;
                }
                if (n % 2 == 0) {
                    if (lower == null && after > n / 2 - 1) {
                        lower = days;
                    }
                    if (after > n / 2) {
                        return (lower + days) / 2;
                    }
                }
                seen = after;
            }
            throw new IllegalStateException("unreachable: " + n + " durations");
        }

        Double toNextRate(Instant from, Instant to) {
            return VisitorTimelines.rate(sum("o", from, to), sum("n", from, to));
        }

        /** The stage's KPIs over [from, to); each definition is the text the API shows with it. */
        List<Kpi> kpis(Instant from, Instant to) {
            List<Kpi> kpis = new ArrayList<>();
            StageKpis settings = stage.kpis();
            switch (stage.stage()) {
                case ACTIVATION -> kpis.add(new Kpi("new_converters", sum("f", from, to),
                        "visitors whose first " + stage.convertedEvent() + " is in the period"));
                case ADOPTION -> settings.reachedValue().ifPresent(r -> {
                    long cohort = sum("e", from, to);
                    long reached = sum("v", from, to);
                    String definition = " of the visitors entering " + stage.stage().wire() + " in the period who did " + r.event()
                            + " within " + r.window().toDays() + " days";
                    kpis.add(new Kpi("reached_value", reached, "how many" + definition));
                    kpis.add(new Kpi("reached_value_rate", VisitorTimelines.rate(reached, cohort), "the share" + definition));
                });
                case ADORATION -> adoration(settings, from, to, kpis);
                case ADVOCACY -> settings.referral().ifPresent(r -> advocacy(r, from, to, kpis));
            }
            return kpis;
        }

        private void adoration(StageKpis settings, Instant from, Instant to, List<Kpi> kpis) {
            settings.retention().ifPresent(r -> kpis.add(new Kpi("retention_rate", VisitorTimelines.rate(sum("r", from, to),
                    sum("e", from, to)), "of the visitors entering " + stage.stage().wire() + " in the period, the share active again ("
                    + String.join(", ", r.active()) + ") within " + r.within().toDays() + " days")));
            settings.revenue().ifPresent(revenue -> {
                long customers = prefix.get("e")[index(day(to))];
                long revenueMinor = sum("rev", from, to);
                kpis.add(new Kpi("arpu", customers == 0 ? null : revenueMinor / MINOR_PER_MAJOR / customers,
                        "revenue (" + revenue + ") in the period per customer (entered " + stage.stage().wire() + " before the period ends)"));
                long cohort = sum("e", from, to);
                long cohortMinor = sum("ltv", from, to);
                kpis.add(new Kpi("ltv_to_date", cohort == 0 ? null : cohortMinor / MINOR_PER_MAJOR / cohort,
                        "revenue (" + revenue + ") to date per customer of the cohort entering " + stage.stage().wire() + " in the period"));
            });
            settings.nps().ifPresent(source -> nps(from, to, kpis));
        }

        /** The latest score of each visitor who answered in the period; drift: a promoter before the period who answers below 9 in it. */
        private void nps(Instant from, Instant to, List<Kpi> kpis) {
            Map<String, Long> latest = new HashMap<>();
            for (int i = index(day(from)); i < index(day(to)); i++) {
                latest.putAll(answers.get(i));
            }
            long fromDay = day(from);
            long answered = latest.size();
            long promoters = latest.values().stream().filter(s -> s >= 9).count();
            long detractors = latest.values().stream().filter(s -> s <= 6).count();
            long drifted = latest.entrySet().stream().filter(e -> e.getValue() < 9).filter(e -> {
                Map.Entry<Long, Long> before = answersByVisitor.get(e.getKey()).lowerEntry(fromDay);
                return before != null && before.getValue() >= 9;
            }).count();
            kpis.add(new Kpi("nps", answered == 0 ? null : 100.0 * (promoters - detractors) / answered,
                    "100 × (promoters 9-10 − detractors 0-6) / answers, each visitor's latest score in the period"));
            kpis.add(new Kpi("nps_answers", answered, "visitors who gave a score in the period"));
            kpis.add(new Kpi("promoters_drifted", drifted, "promoters before the period whose latest score in it is below 9"));
        }

        private void advocacy(FlywheelDefinition.Referral r, Instant from, Instant to, List<Kpi> kpis) {
            long referred = sum("ref", from, to);
            long activated = sum("ra", from, to);
            Set<String> advocates = new HashSet<>();
            for (int i = index(day(from)); i < index(day(to)); i++) {
                advocates.addAll(this.advocates.get(i));
            }
            kpis.add(new Kpi("referred", referred, "visitors who first landed with an advocate's code in the period"));
            kpis.add(new Kpi("referred_activated", activated, "of those, who did " + r.success() + " within "
                    + window.toDays() + " days of landing"));
            kpis.add(new Kpi("advocates", advocates.size(), "visitors who did " + r.event() + " in the period"));
            kpis.add(new Kpi("k_factor", advocates.isEmpty() ? null : (double) activated / advocates.size(),
                    "referred_activated / advocates"));
        }
    }
}
