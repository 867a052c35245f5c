package io.momentum.web;

import io.momentum.domain.DomainException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error envelope, once, at the edge: a service's {@link DomainException}
 * gets the status of its reason, a route's {@link WebException} and caller mistakes keep their 4xx status,
 * anything else is logged once with its stack trace and answered with a bare 500.
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    /** An overload passes within moments (the in-flight work drains), so clients come back soon. */
    private static final String RETRY_OVERLOADED_SECONDS = "1";

    private final ApiJson json;

    public ErrorMapper(ApiJson json) {
        this.json = json;
    }

    ApiJson json() {
        return json;
    }

    public void notFound(RoutingContext ctx) {
        respond(ctx, 404, "not_found", "no route for " + ctx.request().method() + " " + safePath(ctx));
    }

    public void methodNotAllowed(RoutingContext ctx) {
        respond(ctx, 405, "method_not_allowed", ctx.request().method() + " is not allowed on " + safePath(ctx));
    }

    public void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof WebException e) {
            write(ctx, e.status(), e.error());
            return;
        }
        if (failure instanceof DomainException e) {
            if (e.reason() == DomainException.Reason.OVERLOADED && !ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", RETRY_OVERLOADED_SECONDS);
            }
            write(ctx, status(e.reason()), new ApiError(e.code(), e.getMessage(), e.details()));
            return;
        }
        int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
        if (status >= 400 && status < 500) {
            respond(ctx, status, codeFor(status), messageFor(status, failure));
            return;
        }
        if (status == 503 && (failure == null || failure instanceof HttpException)) {
            // The request deadline of EdgeHandlers ran out: an outage or overload, not a bug.
            respond(ctx, 503, "timeout", "the request was not answered within the server's deadline");
            return;
        }
        log.error("unhandled failure on {} {}", ctx.request().method(), safePath(ctx), failure);
        respond(ctx, 500, "internal_error", "internal error; the server log has the details");
    }

    private void respond(RoutingContext ctx, int status, String code, String message) {
        write(ctx, status, new ApiError(code, message, List.of()));
    }

    private void write(RoutingContext ctx, int status, ApiError error) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        json.write(ctx, status, new ApiError.Envelope(error));
    }

    /** The one place a domain reason becomes an HTTP status. */
    static int status(DomainException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE, OVERLOADED -> 503;
        };
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            default -> "client_error";
        };
    }

    private static String messageFor(int status, Throwable failure) {
        if (failure instanceof HttpException h && h.getPayload() != null) {
            return h.getPayload();
        }
        return switch (status) {
            case 413 -> "the body is larger than " + HttpServerVerticle.MAX_BODY_BYTES / (1024 * 1024)
                    + " MB; send fewer events per batch (at most 500)";
            case 414 -> "the request line is longer than 8 KB; send long inputs in a POST body";
            case 431 -> "the request headers are larger than 16 KB; send fewer or shorter headers";
            case 408 -> "the request body did not arrive within " + EdgeHandlers.REQUEST_DEADLINE_MS / 1000 + " s; send it at once";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }

    /** Paths are echoed in messages; keep them short and printable. */
    private static String safePath(RoutingContext ctx) {
        String path = String.valueOf(ctx.request().path());
        String printable = path.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
