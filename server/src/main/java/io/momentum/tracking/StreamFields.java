package io.momentum.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The fields of one event-stream entry ({@code P{scope}:log}): the Lua scripts write them with XADD, the
 * MongoDB writer reads them ({@link EventLog.Entry}). The names are one or two letters because every event
 * pays for them in Redis memory until the writer has drained it. The scripts see them as the Lua table
 * {@code FIELD} ({@link #lua()}, prepended by {@link LuaScript}), so this class is their only spelling.
 *
 * <p>Who writes which fields, and each script's arguments (KEYS fixed part, then per event; ARGV likewise):
 * <pre>
 * exposure.lua   e x v k at sg   KEYS exposures, counters, stream, segments, segment counters, segment values | seen
 *                                ARGV ttl, experiment | visitor, variant, at ms, event json, wanted segments
 * conversion.lua e x v k g n t   KEYS exposures, counters, stream, segments, segment counters | seen, goal visitors
 *                                ARGV ttl, value cap, experiment | visitor, goal, at ms, value, event json
 * goal.lua       e x v k n t     KEYS visitors, counters, stream | seen         ARGV ttl, value cap | visitor, value, event json
 * survey.lua     e x v k a       KEYS exposures, answers, counters, stream | seen  ARGV ttl, experiment | visitor, at ms, answer, event json
 * referral.lua   e x v k n       KEYS exposures, referrals, counters, stream | seen ARGV ttl, experiment | visitor, at ms, event json
 * </pre>
 */
public final class StreamFields {
    /** The event as JSON, exactly as the MongoDB {@code events} collection stores it ({@link EventLog} field names). */
    public static final String EVENT = "e";
    /** The experiment the entry was counted for; empty for the global goal streams. */
    public static final String EXPERIMENT = "x";
    /** The variant the visitor was exposed to; empty when the visitor was not exposed. */
    public static final String VARIANT = "v";
    /** "1" when the script counted the event, "0" when it only logged it (not exposed, later survey answer). */
    public static final String COUNTED = "k";
    /** The goal a conversion counted for (also "survey"/"referral" for the goals of those names). */
    public static final String GOAL = "g";
    /** The visitor's conversions of the goal (or referrals) after this event. */
    public static final String COUNT = "n";
    /** The visitor's capped value total of the goal after this event, minor units. */
    public static final String TOTAL = "t";
    /** The survey answer as stored ({@link RedisKeys.Fields#surveyAnswer}). */
    public static final String ANSWER = "a";
    /** The visitor's first exposure time, epoch ms (earliest of the exposures seen). */
    public static final String EXPOSED_AT = "at";
    /** The visitor's segments fixed at the first exposure, "dimension|value|dimension|value" (may be empty). */
    public static final String SEGMENTS = "sg";

    private StreamFields() {
    }

    /** {@code local FIELD = {event = 'e', ...}}: the names for the Lua scripts. */
    static String lua() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event", EVENT);
        fields.put("experiment", EXPERIMENT);
        fields.put("variant", VARIANT);
        fields.put("counted", COUNTED);
        fields.put("goal", GOAL);
        fields.put("count", COUNT);
        fields.put("total", TOTAL);
        fields.put("answer", ANSWER);
        fields.put("exposed_at", EXPOSED_AT);
        fields.put("segments", SEGMENTS);
        return luaTable("FIELD", fields);
    }

    static String luaTable(String name, Map<String, String> entries) {
        StringJoiner table = new StringJoiner(", ", "local " + name + " = {", "}\n");
        entries.forEach((key, value) -> table.add(key + " = '" + value + "'"));
        return table.toString();
    }
}
