package io.momentum.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.momentum.assign.Exposure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExposureBatcherTest {
    private final Vertx vertx = Vertx.vertx();
    /** Each ingest call the batcher made, in order (a recording sink: this test is about batching only). */
    private final List<List<Exposure>> ingests = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<Exposure> exposures(String visitorPrefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Exposure("pricing-hero", "control", visitorPrefix + i, Instant.EPOCH))
                .toList();
    }

    private ExposureBatcher batcher(Future<Void> outcome) {
        return new ExposureBatcher(vertx, batch -> {
            ingests.add(List.copyOf(batch));
            return outcome;
        });
    }

    private static void await(Future<Void> future) throws Exception {
        future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void coalescesTheExposuresOfSeveralRequestsIntoOneIngest() throws Exception {
        ExposureBatcher batcher = batcher(Future.succeededFuture());
        Future<Void> first = batcher.record(exposures("a", 3));
        Future<Void> second = batcher.record(exposures("b", 2));

        await(first);
        await(second);
        assertEquals(1, ingests.size());
        assertEquals(5, ingests.get(0).size());
    }

    @Test
    void ingestsAtOnceWhenTheBatchIsFull() {
        batcher(Future.succeededFuture()).record(exposures("v", ExposureBatcher.MAX_PENDING));

        assertEquals(1, ingests.size(), "a full batch waited for the timer");
        assertEquals(ExposureBatcher.MAX_PENDING, ingests.get(0).size());
    }

    @Test
    void flushSendsWhatIsPendingWithoutWaitingForTheTimer() throws Exception {
        ExposureBatcher batcher = batcher(Future.succeededFuture());
        batcher.record(exposures("v", 4));

        await(batcher.flush());
        assertEquals(List.of(4), ingests.stream().map(List::size).toList());
        await(batcher.flush());
        assertEquals(1, ingests.size(), "an empty flush ingested something");
    }

    @Test
    void reportsAFailedIngestToEveryRequestOfTheBatch() {
        ExposureBatcher batcher = batcher(Future.failedFuture("redis down"));
        CompletableFuture<Void> first = batcher.record(exposures("a", 1)).toCompletionStage().toCompletableFuture();
        CompletableFuture<Void> second = batcher.record(exposures("b", 1)).toCompletionStage().toCompletableFuture();

        for (CompletableFuture<Void> request : List.of(first, second)) {
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> request.get(5, TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("redis down"), failure.toString());
        }
    }
}
