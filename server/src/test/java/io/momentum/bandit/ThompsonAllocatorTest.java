package io.momentum.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.stats.Proportion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThompsonAllocatorTest {
    private final ThompsonAllocator allocator = new ThompsonAllocator();

    @Test
    void sendsMostTrafficToTheClearlyBestArm() {
        List<Double> w = allocator.weights(List.of(new Proportion(1000, 50), new Proportion(1000, 100), new Proportion(1000, 52)), 0.05);
        assertTrue(w.get(1) > 0.85, w.toString());
        assertEquals(1.0, w.stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void noArmFallsBelowTheFloor() {
        List<Double> w = allocator.weights(List.of(new Proportion(5000, 50), new Proportion(5000, 500)), 0.1);
        assertEquals(0.1, w.get(0), 1e-6);
        assertEquals(0.9, w.get(1), 1e-6);
    }

    @Test
    void splitsEvenlyWithoutData() {
        List<Double> w = allocator.weights(List.of(new Proportion(0, 0), new Proportion(0, 0), new Proportion(0, 0), new Proportion(0, 0)), 0.05);
        w.forEach(x -> assertEquals(0.25, x, 1e-6));
    }

    @Test
    void rejectsAFloorThatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> allocator.weights(List.of(new Proportion(1, 0), new Proportion(1, 0)), 0.6));
    }
}
