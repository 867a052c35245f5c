package io.momentum.sdk;

import io.momentum.web.Access;
import io.momentum.web.RouteTable;
import io.momentum.web.Routes;
import io.momentum.web.WebException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /sdk/momentum.js} and the widgets file: the built JS snippet, with cache headers and an ETag. */
public final class SdkRoutes implements Routes {
    /** The files the snippet build puts under {@code sdk/} on the server's classpath. */
    private static final List<String> FILES = List.of("momentum.js", "momentum-widgets.js");
    private static final String CACHE_CONTROL = "public, max-age=300";

    private final Map<String, SdkFile> files;

    /** The files present, by name; a missing one answers 404 so a server built without the snippet still runs. */
    public SdkRoutes(Map<String, byte[]> contents) {
        Map<String, SdkFile> built = new LinkedHashMap<>();
        contents.forEach((name, body) -> built.put(name, SdkFile.of(body)));
        this.files = Map.copyOf(built);
    }

    /** Reads the snippet files from {@code sdk/} on the classpath (copied there from sdk-js-snippet/dist). */
    public static SdkRoutes fromClasspath() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = SdkRoutes.class.getResourceAsStream("/sdk/" + name)) {
                if (in != null) {
                    contents.put(name, in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sdk/" + name + " from the classpath", e);
            }
        }
        return new SdkRoutes(contents);
    }

    @Override
    public void declare(RouteTable table) {
        table.get("/sdk/{file}", Access.PUBLIC, this::serve).crossOrigin();
    }

    private void serve(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        SdkFile file = files.get(name);
        if (file == null) {
            throw WebException.notFound("no snippet file " + name + " in this server (was sdk-js-snippet built?)");
        }
        ctx.response()
                .putHeader("Cache-Control", CACHE_CONTROL)
                .putHeader("ETag", file.etag());
        if (file.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response()
                .putHeader("Content-Type", "application/javascript; charset=utf-8")
                .end(file.body());
    }

    /** One served file and its strong ETag (a content hash, so every server instance agrees). */
    record SdkFile(Buffer body, String etag) {
        static SdkFile of(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new SdkFile(Buffer.buffer(bytes), "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JVM", e);
            }
        }
    }
}
