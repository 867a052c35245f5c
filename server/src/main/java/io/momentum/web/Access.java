package io.momentum.web;

/**
 * Who may call a route. The kernel enforces it from each route's declaration, and the OpenAPI
 * document states the same per operation (the contract test compares them).
 */
public enum Access {
    /** Anyone: the snippet's calls, health, the API description. */
    PUBLIC,
    /** Reads experiment definitions or statistics: open unless a viewer token is configured (admin token accepted too). */
    VIEWER,
    /** Changes or inspects the server: needs the admin token; disabled when none is configured. */
    ADMIN
}
