package io.momentum.web;

/** One mounted operation as the API describes it: method, path template ({@code /v1/experiments/{id}}) and access. */
public record Endpoint(String method, String path, Access access) {
    /** {@code "GET /v1/experiments/{id}"}. */
    public String key() {
        return method + " " + path;
    }
}
