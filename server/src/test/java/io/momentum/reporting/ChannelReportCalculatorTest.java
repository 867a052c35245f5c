package io.momentum.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.momentum.experiment.Dimension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelReportCalculatorTest {
    private static final List<String> DIMENSIONS = List.of("channel", "device");
    private final ChannelReportCalculator calculator = new ChannelReportCalculator();

    /** 100 visitors per channel; the first {@code converted} of each convert once with a value of 10.00. */
    private static void visitors(Map<String, String> firstTouch, Map<String, VisitorSources.Converted> converters, String channel,
                                 int count, int converted) {
        for (int i = 0; i < count; i++) {
            firstTouch.put(channel + "-" + i, channel);
            if (i < converted) {
                converters.put(channel + "-" + i, new VisitorSources.Converted(1, 1000));
            }
        }
    }

    @Test
    void googleAdsConvertNinePerHundredAndFacebookTwo() {
        Map<String, String> firstTouch = new HashMap<>();
        Map<String, VisitorSources.Converted> converters = new HashMap<>();
        visitors(firstTouch, converters, "paid_search", 100, 9);
        visitors(firstTouch, converters, "paid_social", 100, 2);
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, firstTouch, converters, DIMENSIONS);

        ChannelReport.Segment google = report.segments().get(0);
        assertEquals("paid_search", google.value());
        assertEquals(0.09, google.rate(), 1e-12);
        // scipy 1.17.1 binomtest(9, 100).proportion_ci(method='wilson')
        assertEquals(0.048072540002565146, google.ciRate().get(0), 1e-12);
        assertEquals(0.1622621285271631, google.ciRate().get(1), 1e-12);
        assertEquals(0.09 / 0.055 - 1, google.liftVsAll(), 1e-12);
        assertEquals(90.0, google.valueSum(), 1e-9);
        assertEquals(0.9, google.valuePerVisitor(), 1e-9);
        assertEquals(0.5, google.share(), 1e-12);
        assertEquals(0.02, report.segments().get(1).rate(), 1e-12);
        assertEquals(DIMENSIONS, report.dimensions());
    }

    @Test
    void segmentsAddUpToTheTotals() {
        Map<String, String> firstTouch = new HashMap<>();
        Map<String, VisitorSources.Converted> converters = new HashMap<>();
        visitors(firstTouch, converters, "email", 30, 7);
        visitors(firstTouch, converters, "direct", 70, 5);
        visitors(firstTouch, converters, Dimension.NONE, 10, 1);
        converters.put("email-0", new VisitorSources.Converted(3, 2500));
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, firstTouch, converters, DIMENSIONS);

        assertEquals(report.visitors(), report.segments().stream().mapToLong(ChannelReport.Segment::visitors).sum());
        assertEquals(report.converters(), report.segments().stream().mapToLong(ChannelReport.Segment::converters).sum());
        assertEquals(report.conversions(), report.segments().stream().mapToLong(ChannelReport.Segment::conversions).sum());
        assertEquals(report.valueSum(), report.segments().stream().mapToDouble(ChannelReport.Segment::valueSum).sum(), 1e-9);
        assertEquals(110, report.visitors());
        assertEquals(13, report.converters());
        assertEquals(15, report.conversions());
    }

    @Test
    void sortsByVisitorsWithTheLeftoversLast() {
        Map<String, String> firstTouch = new HashMap<>();
        Map<String, VisitorSources.Converted> converters = new HashMap<>();
        visitors(firstTouch, converters, Dimension.OTHER, 500, 0);
        visitors(firstTouch, converters, "referral", 5, 0);
        visitors(firstTouch, converters, "organic_search", 50, 0);
        visitors(firstTouch, converters, Dimension.NONE, 400, 0);
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, firstTouch, converters, DIMENSIONS);

        assertEquals(List.of("organic_search", "referral", Dimension.OTHER, Dimension.NONE),
                report.segments().stream().map(ChannelReport.Segment::value).toList());
    }

    @Test
    void convertersWithNoKnownSourceAreCountedApart() {
        Map<String, String> firstTouch = Map.of("a", "email");
        Map<String, VisitorSources.Converted> converters = Map.of("a", new VisitorSources.Converted(1, 0),
                "never-exposed", new VisitorSources.Converted(2, 0));
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, firstTouch, converters, DIMENSIONS);

        assertEquals(1, report.converters());
        assertEquals(1, report.unattributedConverters());
    }

    @Test
    void noVisitorsIsAnEmptyReportWithoutRates() {
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, Map.of(), Map.of(), DIMENSIONS);

        assertEquals(0, report.visitors());
        assertNull(report.rate());
        assertNull(report.ciRate());
        assertEquals(List.of(), report.segments());
    }

    @Test
    void noConversionsLeavesTheLiftUndefined() {
        ChannelReport report = calculator.compute("channel", "trial_signup", 0.05, Map.of("a", "email"), Map.of(), DIMENSIONS);

        assertNull(report.segments().get(0).liftVsAll());
        assertEquals(0.0, report.segments().get(0).ciRate().get(0));
    }
}
