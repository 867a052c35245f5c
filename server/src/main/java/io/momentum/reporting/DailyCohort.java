package io.momentum.reporting;

import java.time.LocalDate;

/** Visitors of one variant first exposed on one UTC day, and how many of them did the goal (so far). */
public record DailyCohort(LocalDate day, String variant, long exposures, long converters) {
}
