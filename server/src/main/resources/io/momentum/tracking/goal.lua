-- Conversions of visitors on one goal for the global (experiment-independent) counters the flywheel
-- report reads, atomically, in order: unique converters, conversions, value sum and sum of squares of
-- capped per-visitor totals (same arithmetic as conversion.lua).
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
    local visitor = ARGV[a + 1]
    local n, total = 0, 0
    local state = redis.call('HGET', KEYS[1], visitor)
    if state then
      local sep = string.find(state, '|', 1, true)
      n = tonumber(string.sub(state, 1, sep - 1))
      total = tonumber(string.sub(state, sep + 1))
    end
    local value = math.min(tonumber(ARGV[a + 2]), cap - total)
    if n == 0 then
      redis.call('HINCRBY', KEYS[2], 'cv', 1)
    end
    redis.call('HINCRBY', KEYS[2], 'cn', 1)
    if value > 0 then
      redis.call('HINCRBY', KEYS[2], 'vs', string.format('%.0f', value))
      redis.call('HINCRBY', KEYS[2], 'vq', string.format('%.0f', value * (2 * total + value)))
      total = total + value
    end
    n = n + 1
    redis.call('HSET', KEYS[1], visitor, string.format('%.0f', n) .. '|' .. string.format('%.0f', total))
    redis.call('XADD', KEYS[3], '*', 'e', ARGV[a + 3], 'x', '', 'v', '', 'k', 1,
      'n', string.format('%.0f', n), 't', string.format('%.0f', total))
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
