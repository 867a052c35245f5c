package io.momentum.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Answers requests that Netty could not even parse (bad request line, oversize or malformed headers)
 * with the JSON error envelope instead of Vert.x's empty default, then closes the connection
 * because the byte stream can no longer be trusted.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
    /** A '%' not followed by two hex digits: Vert.x's path normalisation throws on it, outside any route. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final ApiJson json;

    public InvalidRequestHandler(ApiJson json) {
        this.json = json;
    }

    /** Puts the path check in front of the router, so a broken %-escape is a JSON 400 and not a plain-text one. */
    public Handler<HttpServerRequest> inFrontOf(Handler<HttpServerRequest> router) {
        return request -> {
            String path = request.path();
            if (path != null && BROKEN_ESCAPE.matcher(path).find()) {
                reject(request, 400, new ApiError("bad_request", "the request path has a malformed %-escape; encode % as %25", List.of()));
            } else {
                router.handle(request);
            }
        };
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiError error;
        int status;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            error = new ApiError("uri_too_long", "the request line is longer than "
                    + HttpServerVerticle.MAX_INITIAL_LINE_BYTES + " bytes; send long input (attributes, forces) in a POST body", List.of());
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            error = new ApiError("headers_too_large", "the request headers are larger than "
                    + HttpServerVerticle.MAX_HEADER_BYTES + " bytes; send fewer or smaller cookies and headers", List.of());
        } else {
            status = 400;
            error = new ApiError("bad_request", "the request is not valid HTTP/1.1; check the client that sent it", List.of());
        }
        reject(request, status, error);
    }

    private void reject(HttpServerRequest request, int status, ApiError error) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .end(json.encode(new ApiError.Envelope(error)))
                .onComplete(ignored -> request.connection().close());
    }
}
