package io.momentum.web;

/** A feature's HTTP routes: each feature declares its own, with their access; the kernel mounts them. */
public interface Routes {
    void declare(RouteTable table);
}
