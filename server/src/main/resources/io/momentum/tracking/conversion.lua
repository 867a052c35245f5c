-- Conversions of visitors for one experiment, atomically, in order. A conversion counts only when the
-- visitor's stored exposure happened at or before it, in the exposed variant and in the segments fixed at that
-- exposure (see convert in lib.lua).
-- KEYS: 1 exposures hash, 2 counters hash, 3 stream, 4 segments hash (visitor -> "dimension|value|..."),
--       5 segment counters hash, then per event i: 5+2i-1 seen-id key, 5+2i goal visitors hash (visitor -> "conversions|total")
-- ARGV: 1 dedupe ttl s, 2 per-visitor total cap, 3 experiment id, then per event i: visitor, goal,
--       event time ms, value (minor units), event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, cap, experiment = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local statuses = {}
for i = 1, (#KEYS - 5) / 2 do
  local seen, visitors, a = KEYS[4 + 2 * i], KEYS[5 + 2 * i], 3 + (i - 1) * 5
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor, goal = ARGV[a + 1], ARGV[a + 2]
    local counted, n, total = 0, 0, 0
    local variant = exposed_variant(KEYS[1], visitor, tonumber(ARGV[a + 3]))
    if variant then
      local segments = segment_suffixes(redis.call('HGET', KEYS[4], visitor), variant .. '|' .. goal .. '|')
      n, total = convert(visitors, visitor, KEYS[2], '|' .. variant .. '|' .. goal, tonumber(ARGV[a + 4]), cap, KEYS[5], segments)
      counted = 1
    end
    redis.call('XADD', KEYS[3], '*', FIELD.event, ARGV[a + 5], FIELD.experiment, experiment, FIELD.variant, variant or '',
      FIELD.counted, counted, FIELD.goal, goal, FIELD.count, int(n), FIELD.total, int(total))
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
