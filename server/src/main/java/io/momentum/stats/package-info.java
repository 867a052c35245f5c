/**
 * Pure statistics on sufficient statistics (counts, sums, sums of squares), following DESIGN.md §6.
 *
 * <p>Nothing here does I/O, reads a clock or draws random numbers; the only dependency is Apache
 * Commons Math. Results are records whose undefined quantities are {@code null} (never NaN or
 * Infinity); invalid input throws {@link java.lang.IllegalArgumentException} naming the bad value.
 */
package io.momentum.stats;
