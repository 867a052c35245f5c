package io.momentum.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the HTTP servers last accepted a connection, so a graceful stop can wait until the accept queue is empty
 * before it closes the listener: closing it resets connections the kernel accepted that the server has not yet taken
 * (and Vert.x closes at once a connection whose request it has not read yet), which clients see as dropped requests.
 */
public final class AcceptedConnections {
    private final AtomicLong lastAccepted = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());

    void accepted() {
        lastAccepted.set(System.nanoTime());
    }

    /**
     * Blocks until no connection was accepted for {@code quiet} (at most {@code max}): a balancer that took the server
     * out of rotation sends nothing new, so what it had sent is taken and read by then. Returns at once when idle.
     */
    public void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - lastAccepted.get() < quiet.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
