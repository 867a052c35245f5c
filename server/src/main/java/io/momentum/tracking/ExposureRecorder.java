package io.momentum.tracking;

import io.vertx.core.Future;
import java.util.List;

/** Records exposures; the assign route calls it (fire-and-forget) unless the caller asked {@code track=false}. */
@FunctionalInterface
public interface ExposureRecorder {
    ExposureRecorder NONE = exposures -> Future.succeededFuture();

    Future<Void> record(List<Exposure> exposures);
}
