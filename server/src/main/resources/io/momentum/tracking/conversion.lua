-- Conversions of visitors for one experiment, atomically, in order. A conversion counts only when the
-- visitor's stored exposure happened at or before it; the variant is the exposed one. Per visitor and
-- goal the running value total t is kept so that the sum of squares of per-visitor totals stays exact:
-- sum_sq += (t+v)^2 - t^2 = v*(2t+v). Totals are capped (ARGV[2]) below 2^26.5 so every product stays
-- below 2^53, where Lua's doubles are exact integers; HINCRBY adds them as 64-bit integers.
-- KEYS: 1 exposures hash, 2 counters hash, 3 stream, then per event i: 3+2i-1 seen-id key,
--       3+2i goal visitors hash (visitor -> "conversions|total")
-- ARGV: 1 dedupe ttl s, 2 per-visitor total cap, 3 experiment id, then per event i: visitor, goal,
--       event time ms, value (minor units), event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, cap, experiment = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local statuses = {}
for i = 1, (#KEYS - 3) / 2 do
  local seen, visitors, a = KEYS[2 + 2 * i], KEYS[3 + 2 * i], 3 + (i - 1) * 5
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor, goal, at = ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
    local counted, variant, n, total = 0, '', 0, 0
    local exposure = redis.call('HGET', KEYS[1], visitor)
    if exposure then
      local bar = string.find(exposure, '|', 1, true)
      if tonumber(string.sub(exposure, bar + 1)) <= at then
        variant = string.sub(exposure, 1, bar - 1)
        local state = redis.call('HGET', visitors, visitor)
        if state then
          local sep = string.find(state, '|', 1, true)
          n = tonumber(string.sub(state, 1, sep - 1))
          total = tonumber(string.sub(state, sep + 1))
        end
        local value = math.min(tonumber(ARGV[a + 4]), cap - total)
        local suffix = '|' .. variant .. '|' .. goal
        if n == 0 then
          redis.call('HINCRBY', KEYS[2], 'cv' .. suffix, 1)
        end
        redis.call('HINCRBY', KEYS[2], 'cn' .. suffix, 1)
        if value > 0 then
          redis.call('HINCRBY', KEYS[2], 'vs' .. suffix, string.format('%.0f', value))
          redis.call('HINCRBY', KEYS[2], 'vq' .. suffix, string.format('%.0f', value * (2 * total + value)))
          total = total + value
        end
        n = n + 1
        redis.call('HSET', visitors, visitor, string.format('%.0f', n) .. '|' .. string.format('%.0f', total))
        counted = 1
      end
    end
    redis.call('XADD', KEYS[3], '*', 'e', ARGV[a + 5], 'x', experiment, 'v', variant, 'k', counted,
      'n', string.format('%.0f', n), 't', string.format('%.0f', total))
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
