package io.momentum.assign;

import io.vertx.core.Future;
import java.util.List;

/**
 * The port through which assignment hands over exposures (fire-and-forget, unless the caller asked
 * {@code track=false}); tracking implements it, so assignment never depends on tracking.
 */
@FunctionalInterface
public interface ExposureRecorder {
    ExposureRecorder NONE = exposures -> Future.succeededFuture();

    Future<Void> record(List<Exposure> exposures);
}
