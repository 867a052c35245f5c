package io.momentum.ops;

import io.vertx.core.Future;

/** One thing the server needs before it can take traffic (a store, the experiment catalog). */
public interface ReadinessCheck {
    String name();

    /** Succeeds when ready; fails with a message that says what is wrong. */
    Future<Void> probe();
}
