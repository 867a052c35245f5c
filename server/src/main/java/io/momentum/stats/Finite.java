package io.momentum.stats;

/** Maps a computed double to the result convention: finite values stay, NaN and infinities become null. */
final class Finite {
    private Finite() {
    }

    static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
