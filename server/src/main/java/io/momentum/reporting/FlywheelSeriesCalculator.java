package io.momentum.reporting;

import io.momentum.experiment.FlywheelDefinition;
import io.momentum.experiment.FlywheelDefinition.StageDefinition;
import io.momentum.experiment.FlywheelDefinition.StageKpis;
import io.momentum.reporting.FlywheelSeries.Kpi;
import io.momentum.reporting.FlywheelSeries.Point;
import io.momentum.reporting.VisitorTimelines.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flywheel's stages per cohort period, from plain events. Pure: time comes in as {@code now}.
 *
 * <p>A visitor enters stage k at their first entered event and converts at their first converted event at or after
 * that, within the flywheel window. Friction is measured forward: of the visitors converting at k in a period, the
 * share who do k+1's converted event within the window after. The KPIs of a period (definitions in {@link #kpis}) use
 * the same cohorts; revenue is in major units.
 */
public final class FlywheelSeriesCalculator {
    private static final double MINOR_PER_MAJOR = 100;
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
     * @param periods the period starts, ascending, followed by the end of the last period
     * @return one series per stage, in flywheel order
     */
    public List<FlywheelSeries> compute(FlywheelDefinition flywheel, List<FlywheelEvent> events, List<Instant> periods, Instant now) {
        VisitorTimelines timelines = new VisitorTimelines(events);
        List<StageDefinition> stages = flywheel.stages();
        List<FlywheelSeries> result = new ArrayList<>();
        for (int k = 0; k < stages.size(); k++) {
            StageDefinition stage = stages.get(k);
            Optional<StageDefinition> next = k + 1 < stages.size() ? Optional.of(stages.get(k + 1)) : Optional.empty();
            Cohorts cohorts = new Cohorts(stage, next, flywheel.window(), timelines, now);
            List<Point> points = new ArrayList<>();
            for (int p = 0; p + 1 < periods.size(); p++) {
                points.add(cohorts.point(periods.get(p), periods.get(p + 1)));
            }
            Instant from = periods.get(0);
            Instant to = periods.get(periods.size() - 1);
            result.add(new FlywheelSeries(cohorts.kpis(from, to), next.isEmpty() ? null : cohorts.toNextRate(from, to), points));
        }
        return result;
    }

    /** One stage's per-visitor entering and converting times, queried per period. */
    private static final class Cohorts {
        private final StageDefinition stage;
        private final Optional<StageDefinition> next;
        private final Duration window;
        private final VisitorTimelines timelines;
        private final Instant now;
        private final Map<Timeline, Instant> entered = new HashMap<>();
        private final Map<Timeline, Instant> converted = new HashMap<>();

        Cohorts(StageDefinition stage, Optional<StageDefinition> next, Duration window, VisitorTimelines timelines, Instant now) {
            this.stage = stage;
            this.next = next;
            this.window = window;
            this.timelines = timelines;
            this.now = now;
            for (Timeline t : timelines.all()) {
                t.first(stage.enteredEvent()).ifPresent(at -> {
                    entered.put(t, at);
                    t.firstWithin(stage.convertedEvent(), at, window).ifPresent(c -> converted.put(t, c));
                });
            }
        }

        Point point(Instant from, Instant to) {
            long enteredCount = 0;
            long convertedCount = 0;
            long lost = 0;
            List<Double> days = new ArrayList<>();
            for (Map.Entry<Timeline, Instant> e : entered.entrySet()) {
                Instant c = converted.get(e.getKey());
                if (VisitorTimelines.in(e.getValue(), from, to)) {
                    enteredCount++;
                    if (c != null) {
                        convertedCount++;
                        days.add(VisitorTimelines.days(e.getValue(), c));
                    }
                }
                Instant windowEnd = e.getValue().plus(window);
                if (c == null && VisitorTimelines.in(windowEnd, from, to) && !windowEnd.isAfter(now)) {
                    lost++;
                }
            }
            return new Point(from, enteredCount, convertedCount, VisitorTimelines.rate(convertedCount, enteredCount),
                    next.isEmpty() ? null : toNextRate(from, to), VisitorTimelines.median(days), enteredCount, lost, kpis(from, to));
        }

        Double toNextRate(Instant from, Instant to) {
            String nextEvent = next.orElseThrow().convertedEvent();
            long cohort = 0;
            long onward = 0;
            for (Map.Entry<Timeline, Instant> e : converted.entrySet()) {
                if (VisitorTimelines.in(e.getValue(), from, to)) {
                    cohort++;
                    if (e.getKey().firstWithin(nextEvent, e.getValue(), window).isPresent()) {
                        onward++;
                    }
                }
            }
            return VisitorTimelines.rate(onward, cohort);
        }

        /** The stage's KPIs over [from, to); each definition is the text the API shows with it. */
        List<Kpi> kpis(Instant from, Instant to) {
            List<Kpi> kpis = new ArrayList<>();
            StageKpis settings = stage.kpis();
            switch (stage.stage()) {
                case ACTIVATION -> kpis.add(new Kpi("new_converters", timelines.all().stream()
                        .filter(t -> t.first(stage.convertedEvent()).filter(at -> VisitorTimelines.in(at, from, to)).isPresent()).count(),
                        "visitors whose first " + stage.convertedEvent() + " is in the period"));
                case ADOPTION -> settings.reachedValue().ifPresent(r -> {
                    long cohort = 0;
                    long reached = 0;
                    for (Map.Entry<Timeline, Instant> e : cohort(from, to).entrySet()) {
                        cohort++;
                        reached += e.getKey().firstWithin(r.event(), e.getValue(), r.window()).isPresent() ? 1 : 0;
                    }
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
            settings.retention().ifPresent(r -> {
                long cohort = 0;
                long retained = 0;
                for (Map.Entry<Timeline, Instant> e : cohort(from, to).entrySet()) {
                    cohort++;
                    Instant start = e.getValue();
                    Instant last = start.plus(r.within());
                    boolean active = r.active().stream().flatMap(name -> e.getKey().events(name).stream())
                            .anyMatch(ev -> ev.at().isAfter(start) && !ev.at().isAfter(last));
                    retained += active ? 1 : 0;
                }
                kpis.add(new Kpi("retention_rate", VisitorTimelines.rate(retained, cohort), "of the visitors entering "
                        + stage.stage().wire() + " in the period, the share active again (" + String.join(", ", r.active())
                        + ") within " + r.within().toDays() + " days"));
            });
            settings.revenue().ifPresent(revenue -> {
                long customers = entered.values().stream().filter(at -> at.isBefore(to)).count();
                long revenueMinor = timelines.all().stream().flatMap(t -> t.events(revenue).stream())
                        .filter(e -> VisitorTimelines.in(e.at(), from, to)).mapToLong(FlywheelEvent::valueMinor).sum();
                kpis.add(new Kpi("arpu", customers == 0 ? null : revenueMinor / MINOR_PER_MAJOR / customers,
                        "revenue (" + revenue + ") in the period per customer (entered " + stage.stage().wire() + " before the period ends)"));
                Map<Timeline, Instant> cohort = cohort(from, to);
                long cohortMinor = cohort.entrySet().stream().flatMap(e -> e.getKey().events(revenue).stream()
                        .filter(ev -> !ev.at().isBefore(e.getValue()))).mapToLong(FlywheelEvent::valueMinor).sum();
                kpis.add(new Kpi("ltv_to_date", cohort.isEmpty() ? null : cohortMinor / MINOR_PER_MAJOR / cohort.size(),
                        "revenue (" + revenue + ") to date per customer of the cohort entering " + stage.stage().wire() + " in the period"));
            });
            settings.nps().ifPresent(source -> nps(source, from, to, kpis));
        }

        /** The latest score of each visitor who answered in the period; drift: a promoter before the period who answers below 9 in it. */
        private void nps(FlywheelDefinition.NpsSource source, Instant from, Instant to, List<Kpi> kpis) {
            long answers = 0;
            long promoters = 0;
            long detractors = 0;
            long drifted = 0;
            for (Timeline t : timelines.all()) {
                Integer before = null;
                Integer latest = null;
                for (FlywheelEvent e : t.events(SURVEY)) {
                    boolean counted = e.score().isPresent()
                            && (source.experiments().isEmpty() || e.experiment().filter(source.experiments()::contains).isPresent());
                    if (!counted || !e.at().isBefore(to)) {
                        continue;
                    }
                    if (e.at().isBefore(from)) {
                        before = e.score().getAsInt();
                    } else {
                        latest = e.score().getAsInt();
                    }
                }
                if (latest != null) {
                    answers++;
                    promoters += latest >= 9 ? 1 : 0;
                    detractors += latest <= 6 ? 1 : 0;
                    drifted += before != null && before >= 9 && latest < 9 ? 1 : 0;
                }
            }
            kpis.add(new Kpi("nps", answers == 0 ? null : 100.0 * (promoters - detractors) / answers,
                    "100 × (promoters 9-10 − detractors 0-6) / answers, each visitor's latest score in the period"));
            kpis.add(new Kpi("nps_answers", answers, "visitors who gave a score in the period"));
            kpis.add(new Kpi("promoters_drifted", drifted, "promoters before the period whose latest score in it is below 9"));
        }

        private void advocacy(FlywheelDefinition.Referral r, Instant from, Instant to, List<Kpi> kpis) {
            long referred = 0;
            long activated = 0;
            Set<String> advocates = new HashSet<>();
            for (Timeline t : timelines.all()) {
                Optional<FlywheelEvent> landing = t.referred().filter(e -> VisitorTimelines.in(e.at(), from, to));
                if (landing.isPresent()) {
                    referred++;
                    activated += t.firstWithin(r.success(), landing.get().at(), window).isPresent() ? 1 : 0;
                }
                t.events(r.event()).stream().filter(e -> VisitorTimelines.in(e.at(), from, to)).findFirst()
                        .ifPresent(e -> advocates.add(e.visitor()));
            }
            kpis.add(new Kpi("referred", referred, "visitors who first landed with an advocate's code in the period"));
            kpis.add(new Kpi("referred_activated", activated, "of those, who did " + r.success() + " within "
                    + window.toDays() + " days of landing"));
            kpis.add(new Kpi("advocates", advocates.size(), "visitors who did " + r.event() + " in the period"));
            kpis.add(new Kpi("k_factor", advocates.isEmpty() ? null : (double) activated / advocates.size(),
                    "referred_activated / advocates"));
        }

        private Map<Timeline, Instant> cohort(Instant from, Instant to) {
            Map<Timeline, Instant> cohort = new HashMap<>();
            entered.forEach((t, at) -> {
                if (VisitorTimelines.in(at, from, to)) {
                    cohort.put(t, at);
                }
            });
            return cohort;
        }
    }
}
