-- Conversions of visitors on one goal for the global (experiment-independent) counters the flywheel
-- report reads, atomically, in order (see convert in lib.lua).
-- KEYS: 1 visitors hash (visitor -> "conversions|total"), 2 counters hash, 3 stream, 3+i seen-id key of event i
-- ARGV: 1 dedupe ttl s, 2 per-visitor total cap, then per event i: visitor, value (minor units), event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, cap = ARGV[1], tonumber(ARGV[2])
local statuses = {}
for i = 1, #KEYS - 3 do
  local seen, a = KEYS[3 + i], 2 + (i - 1) * 3
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local n, total = convert(KEYS[1], ARGV[a + 1], KEYS[2], '', tonumber(ARGV[a + 2]), cap)
    redis.call('XADD', KEYS[3], '*', FIELD.event, ARGV[a + 3], FIELD.experiment, '', FIELD.variant, '', FIELD.counted, 1,
      FIELD.count, int(n), FIELD.total, int(total))
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
