package io.momentum.tracking;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** One Lua script of the tracking feature: called by its SHA-1 (EVALSHA), re-sent with EVAL when a node lacks it. */
final class LuaScript {
    private static final String LIBRARY = "lib.lua";

    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    /** The script in {@code resource}, preceded by the field and counter names and the shared helpers of {@code lib.lua}. */
    static LuaScript load(String resource) {
        return new LuaScript(resource, StreamFields.lua() + RedisKeys.Fields.lua() + text(LIBRARY) + text(resource));
    }

    private static String text(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** Warms the script cache (SCRIPT LOAD; on a cluster every master); failures only cost one EVAL later. */
    CompletionStage<String> preload(RedisClusterAsyncCommands<String, String> redis) {
        return redis.scriptLoad(body);
    }

    CompletionStage<List<Long>> run(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<List<Long>> bySha = redis.<List<Long>>evalsha(sha, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
        return bySha.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<List<Long>>eval(body, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<List<Long>>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the JDK", e);
        }
    }
}
