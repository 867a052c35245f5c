package io.momentum.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.MomentumServer;
import io.momentum.TestHttp;
import io.momentum.web.HttpServerVerticle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: clients that dribble a request byte by byte are cut off within a bound (20 s of silence
 * for the headers, 15 s for the body) while everyone else keeps being served.
 */
class SlowClientIT {
    private static final int DRIBBLERS = 40;
    /** The request deadline of EdgeHandlers (15 s) plus slack for a loaded machine. */
    private static final long BODY_BOUND_MS = 15_000 + 3_000;
    private static final long HEADER_BOUND_MS = HttpServerVerticle.SILENT_CONNECTION_SECONDS * 1_000L + 3_000;

    @TempDir
    Path tmp;
    private MomentumServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        server = HostileServer.start(tmp);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.stop();
    }

    /** How a dribbling connection ended: after how long (first answer byte or close), and what the server said. */
    record Outcome(long millis, String answer) {
    }

    @Test
    void dribblingClientsAreCutOffWithinTheBoundWhileOthersAreServed() throws Exception {
        List<CompletableFuture<Outcome>> headerDribblers = new ArrayList<>();
        for (int i = 0; i < DRIBBLERS; i++) {
            headerDribblers.add(CompletableFuture.supplyAsync(() -> dribble(
                    "GET /health HTTP/1.1\r\nHost: x\r\n", "X-Slow: ."), pool));
        }
        CompletableFuture<Outcome> bodyDribbler = CompletableFuture.supplyAsync(() -> dribble(
                "POST /v1/analysis HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", " "), pool);

        TestHttp others = new TestHttp(server.port());
        int served = 0;
        long until = System.currentTimeMillis() + 8_000;
        while (System.currentTimeMillis() < until) {
            assertEquals(200, others.get("/v1/assign?visitor=v-" + served + "&url=/pricing").statusCode());
            served++;
            Thread.sleep(20);
        }

        long slowestHeader = 0;
        for (CompletableFuture<Outcome> dribbler : headerDribblers) {
            Outcome outcome = dribbler.get(30, TimeUnit.SECONDS);
            slowestHeader = Math.max(slowestHeader, outcome.millis());
            assertTrue(outcome.millis() <= HEADER_BOUND_MS, "header dribbler held on for " + outcome.millis() + " ms");
        }
        Outcome body = bodyDribbler.get(30, TimeUnit.SECONDS);
        System.out.printf("slow clients: %d header dribblers closed after at most %d ms; body dribbler answered after %d ms: %s;"
                + " %d other requests served meanwhile%n", DRIBBLERS, slowestHeader, body.millis(), body.answer().lines().findFirst().orElse(""), served);
        assertTrue(body.millis() <= BODY_BOUND_MS, "body dribbler held on for " + body.millis() + " ms");
        assertTrue(body.answer().startsWith("HTTP/1.1 408"), body.answer());
        assertTrue(body.answer().contains("\"code\":\"request_timeout\""), body.answer());
    }

    /** Sends {@code head}, then one {@code drip} a second until the server answers or closes. */
    private Outcome dribble(String head, String drip) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder answer = new StringBuilder();
            long answeredAfter = -1;
            for (int i = 0; i < 60; i++) {
                try {
                    out.write(drip.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                try {
                    byte[] buffer = new byte[4096];
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    answeredAfter = answeredAfter < 0 ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) : answeredAfter;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing yet: keep dribbling
                } catch (IOException reset) {
                    break;
                }
            }
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return new Outcome(answeredAfter < 0 ? closedAfter : answeredAfter, answer.toString());
        } catch (IOException e) {
            return new Outcome(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), "");
        }
    }
}
