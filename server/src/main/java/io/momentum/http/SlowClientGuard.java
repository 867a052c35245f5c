package io.momentum.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes connections that hold a socket without completing a request (slowloris): a connection must
 * deliver complete request headers within {@link #HEADER_DEADLINE_MS} of opening or of its previous
 * response. The idle timeout alone cannot do this, because a client dribbling one byte at a time is
 * never idle. One guard per verticle: all its state lives on that verticle's event loop.
 */
public final class SlowClientGuard {
    /** How long an open connection may go without a complete request header while nothing is in flight. */
    public static final long HEADER_DEADLINE_MS = 10_000;

    private final Vertx vertx;
    private final long deadlineMs;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();

    public SlowClientGuard(Vertx vertx) {
        this(vertx, HEADER_DEADLINE_MS);
    }

    SlowClientGuard(Vertx vertx, long deadlineMs) {
        this.vertx = vertx;
        this.deadlineMs = deadlineMs;
    }

    /** Connection handler of the HTTP server: starts the clock on every new connection. */
    public void connected(HttpConnection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        connection.closeHandler(ignored -> watches.remove(connection).disarm());
        watch.arm();
    }

    /** First route handler: a request whose headers arrived stops the clock until its response has ended. */
    public void requestStarted(RoutingContext ctx) {
        Watch watch = watches.get(ctx.request().connection());
        if (watch != null) {
            watch.requestStarted();
            ctx.addEndHandler(ignored -> watch.requestEnded());
        }
        ctx.next();
    }

    /** The clock of one connection: requests in flight and the pending close timer. */
    private final class Watch {
        private final HttpConnection connection;
        private int inFlight;
        private long timer = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void requestStarted() {
            inFlight++;
            disarm();
        }

        void requestEnded() {
            inFlight--;
            if (inFlight == 0) {
                arm();
            }
        }

        void arm() {
            disarm();
            timer = vertx.setTimer(deadlineMs, ignored -> {
                timer = -1;
                if (inFlight == 0) {
                    connection.close();
                }
            });
        }

        void disarm() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
