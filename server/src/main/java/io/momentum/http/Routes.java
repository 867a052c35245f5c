package io.momentum.http;

import io.vertx.ext.web.Router;

/** A feature's HTTP routes; each feature mounts its own, the verticle only lists the features. */
public interface Routes {
    void mount(Router router);
}
