package io.momentum.alerts;

import io.momentum.experiment.AlertsDefinition.Format;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bodies a destination receives and the webhook signature. A webhook gets Momentum's JSON signed with
 * HMAC-SHA256 over {@code timestamp + "." + body} ({@link #SIGNATURE} = {@code sha256=<hex>}, {@link #TIMESTAMP} in Unix
 * seconds, so a receiver can refuse replays); a Slack destination gets {@code {"text": ...}}, which Slack, Mattermost and
 * Rocket.Chat incoming webhooks accept.
 */
public final class AlertMessage {
    public static final String SIGNATURE = "X-Momentum-Signature";
    public static final String TIMESTAMP = "X-Momentum-Timestamp";
    /** The delivery id, the same on every retry: receivers drop a delivery they already have. */
    public static final String DELIVERY = "X-Momentum-Delivery";

    private AlertMessage() {
    }

    public static String body(Format format, Alert alert, String deliveryId) {
        return switch (format) {
            case WEBHOOK -> webhook(alert, deliveryId).encode();
            case SLACK -> new JsonObject().put("text", slackText(alert)).encode();
        };
    }

    static JsonObject webhook(Alert alert, String deliveryId) {
        return new JsonObject()
                .put("id", alert.id())
                .put("delivery", deliveryId)
                .put("rule", alert.rule())
                .put("condition", alert.condition().wire())
                .put("experiment", alert.experiment().isEmpty() ? null : alert.experiment())
                .put("state", alert.state())
                .put("fired_at", alert.firedAt().toString())
                .put("summary", alert.summary())
                .put("details", json(alert.details()));
    }

    /** Slack's mrkdwn needs &, < and > escaped; everything else is plain text. */
    static String slackText(Alert alert) {
        String text = "*Momentum alert* (" + alert.rule() + "): " + alert.summary();
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static JsonObject json(Map<String, Object> map) {
        JsonObject o = new JsonObject();
        map.forEach((k, v) -> o.put(k, value(v)));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return json((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            l.forEach(x -> a.add(value(x)));
            return a;
        }
        return v;
    }
}
