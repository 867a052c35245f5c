-- Conversion of one visitor on one goal for the global (experiment-independent) goal counters the
-- flywheel report reads: unique converters, conversions, value sum and sum of squares of capped
-- per-visitor totals (same arithmetic as conversion.lua).
-- KEYS: 1 seen-id, 2 visitors hash, 3 counters hash, 4 stream
-- ARGV: 1 dedupe ttl s, 2 visitor, 3 value (minor units), 4 event json, 5 per-visitor total cap
-- Returns {1, 1} for a new event, {0, 0} for a duplicate event id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local visitor = ARGV[2]
local n, total = 0, 0
local state = redis.call('HGET', KEYS[2], visitor)
if state then
  local sep = string.find(state, '|', 1, true)
  n = tonumber(string.sub(state, 1, sep - 1))
  total = tonumber(string.sub(state, sep + 1))
end
local value = math.min(tonumber(ARGV[3]), tonumber(ARGV[5]) - total)
if n == 0 then
  redis.call('HINCRBY', KEYS[3], 'cv', 1)
end
redis.call('HINCRBY', KEYS[3], 'cn', 1)
if value > 0 then
  redis.call('HINCRBY', KEYS[3], 'vs', string.format('%.0f', value))
  redis.call('HINCRBY', KEYS[3], 'vq', string.format('%.0f', value * (2 * total + value)))
  total = total + value
end
n = n + 1
redis.call('HSET', KEYS[2], visitor, string.format('%.0f', n) .. '|' .. string.format('%.0f', total))
redis.call('XADD', KEYS[4], '*', 'e', ARGV[4], 'x', '', 'v', '', 'k', 1,
  'n', string.format('%.0f', n), 't', string.format('%.0f', total))
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return {1, 1}
