-- Conversion of one visitor on one goal, for one experiment, atomically. It counts only when the
-- visitor's stored exposure happened at or before the conversion; the variant is the exposed one.
-- Per visitor the running value total t is kept so that the sum of squares of per-visitor totals
-- stays exact: sum_sq += (t+v)^2 - t^2 = v*(2t+v). Totals are capped (ARGV[7]) below 2^26.5 so
-- every product stays below 2^53, where Lua's doubles are exact integers.
-- KEYS: 1 seen-id, 2 exposures hash, 3 goal visitors hash, 4 counters hash, 5 stream
-- ARGV: 1 dedupe ttl s, 2 visitor, 3 goal, 4 event time ms, 5 value (minor units), 6 event json,
--       7 per-visitor total cap, 8 experiment id
-- Returns {1, counted} for a new event, {0, 0} for a duplicate event id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local visitor, goal, at = ARGV[2], ARGV[3], tonumber(ARGV[4])
local counted, variant, n, total = 0, '', 0, 0
local exposure = redis.call('HGET', KEYS[2], visitor)
if exposure then
  local bar = string.find(exposure, '|', 1, true)
  local exposedAt = tonumber(string.sub(exposure, bar + 1))
  if exposedAt <= at then
    variant = string.sub(exposure, 1, bar - 1)
    local state = redis.call('HGET', KEYS[3], visitor)
    if state then
      local sep = string.find(state, '|', 1, true)
      n = tonumber(string.sub(state, 1, sep - 1))
      total = tonumber(string.sub(state, sep + 1))
    end
    local value = math.min(tonumber(ARGV[5]), tonumber(ARGV[7]) - total)
    local suffix = '|' .. variant .. '|' .. goal
    if n == 0 then
      redis.call('HINCRBY', KEYS[4], 'cv' .. suffix, 1)
    end
    redis.call('HINCRBY', KEYS[4], 'cn' .. suffix, 1)
    if value > 0 then
      redis.call('HINCRBY', KEYS[4], 'vs' .. suffix, string.format('%.0f', value))
      redis.call('HINCRBY', KEYS[4], 'vq' .. suffix, string.format('%.0f', value * (2 * total + value)))
      total = total + value
    end
    n = n + 1
    redis.call('HSET', KEYS[3], visitor, string.format('%.0f', n) .. '|' .. string.format('%.0f', total))
    counted = 1
  end
end
redis.call('XADD', KEYS[5], '*', 'e', ARGV[6], 'x', ARGV[8], 'v', variant, 'k', counted,
  'n', string.format('%.0f', n), 't', string.format('%.0f', total))
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return {1, counted}
