package io.momentum.tracking;

import io.momentum.assign.Exposure;
import io.momentum.assign.ExposureRecorder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Coalesces the exposures that concurrent assign requests log into one ingest every few
 * milliseconds, so Redis runs one script call per experiment per flush instead of one per request.
 * The assign route does not wait for it. Its timer runs on a context of its own, not on the HTTP verticles'
 * (whose timers an undeploy cancels), so exposures of requests finishing during a graceful stop still go out.
 */
public final class ExposureBatcher implements ExposureRecorder {
    static final long FLUSH_DELAY_MS = 2;
    static final int MAX_PENDING = 500;

    private final Vertx vertx;
    private final Context timers;
    private final ExposureRecorder sink;
    private final Object lock = new Object();
    private List<Exposure> pending = new ArrayList<>();
    private Promise<Void> flushed = Promise.promise();
    private boolean timerSet;

    public ExposureBatcher(Vertx vertx, ExposureRecorder sink) {
        this.vertx = vertx;
        this.timers = vertx.getOrCreateContext();
        this.sink = sink;
    }

    /** Completes when the batch holding these exposures is in Redis (or failed). */
    @Override
    public Future<Void> record(List<Exposure> exposures) {
        Future<Void> recorded;
        boolean full;
        synchronized (lock) {
            pending.addAll(exposures);
            recorded = flushed.future();
            full = pending.size() >= MAX_PENDING;
            if (!full && !timerSet) {
                timerSet = true;
                timers.runOnContext(ignored -> vertx.setTimer(FLUSH_DELAY_MS, id -> flush()));
            }
        }
        if (full) {
            flush();
        }
        return recorded;
    }

    /** Sends what is pending now. */
    public Future<Void> flush() {
        List<Exposure> batch;
        Promise<Void> done;
        synchronized (lock) {
            timerSet = false;
            if (pending.isEmpty()) {
                return Future.succeededFuture();
            }
            batch = pending;
            done = flushed;
            pending = new ArrayList<>();
            flushed = Promise.promise();
        }
        try {
            sink.record(batch).onComplete(done);
        } catch (RuntimeException e) {
            done.fail(e);
        }
        return done.future();
    }
}
