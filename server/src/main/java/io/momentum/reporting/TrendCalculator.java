package io.momentum.reporting;

import io.momentum.experiment.Analysis;
import io.momentum.experiment.Experiment;
import io.momentum.experiment.Variant;
import io.momentum.stats.MixtureSprt;
import io.momentum.stats.Proportion;
import io.momentum.stats.TwoProportionZTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The "over time" view: cumulative cohorts up to each day, compared with the control. Sequential
 * experiments show the always-valid p-value (running minimum of the mSPRT over the daily looks),
 * the others the fixed-horizon z-test p-value of that day.
 */
public final class TrendCalculator {

    public Trend trend(Experiment experiment, List<DailyCohort> cohorts) {
        String goal = experiment.goals().primary().event();
        List<LocalDate> days = new ArrayList<>(new TreeSet<>(cohorts.stream().map(DailyCohort::day).toList()));
        if (days.isEmpty() || experiment.variants().size() < 2) {
            return Trend.empty(goal);
        }
        List<Proportion> control = cumulative(cohorts, days, experiment.control().key());
        Analysis analysis = experiment.analysis();
        List<Trend.Series> series = new ArrayList<>();
        for (Variant variant : experiment.variants().subList(1, experiment.variants().size())) {
            List<Proportion> treatment = cumulative(cohorts, days, variant.key());
            List<Double> sequential = sequentialP(control, treatment, analysis);
            List<Trend.Point> points = new ArrayList<>();
            for (int i = 0; i < days.size(); i++) {
                TwoProportionZTest.Result z = TwoProportionZTest.compare(control.get(i), treatment.get(i), analysis.alpha());
                Double p = analysis.method() == Analysis.Method.SEQUENTIAL ? sequential.get(i) : z.pValue();
                points.add(new Trend.Point(days.get(i), treatment.get(i).visitors(), z.lift(), p));
            }
            series.add(new Trend.Series(variant.key(), points));
        }
        return new Trend(goal, series);
    }

    private static List<Double> sequentialP(List<Proportion> control, List<Proportion> treatment, Analysis analysis) {
        List<Double> p = new ArrayList<>();
        double runningMin = 1;
        for (int i = 0; i < control.size(); i++) {
            Proportion a = control.get(i);
            Proportion b = treatment.get(i);
            if (!a.isEmpty() && !b.isEmpty()) {
                double tau = analysis.mde() * Math.max(ResultsCalculator.MIN_MIXING_RATE, a.rate());
                runningMin = Math.min(runningMin, MixtureSprt.test(a, b, tau * tau, 0).pValue());
            }
            p.add(runningMin);
        }
        return p;
    }

    private static List<Proportion> cumulative(List<DailyCohort> cohorts, List<LocalDate> days, String variant) {
        List<Proportion> out = new ArrayList<>();
        long visitors = 0;
        long converters = 0;
        for (LocalDate day : days) {
            for (DailyCohort c : cohorts) {
                if (c.day().equals(day) && c.variant().equals(variant)) {
                    visitors += c.exposures();
                    converters += Math.min(c.converters(), c.exposures());
                }
            }
            out.add(new Proportion(visitors, converters));
        }
        return out;
    }
}
