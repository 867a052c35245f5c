-- Exposures of visitors to one experiment, atomically, in order: dedupe by event id, unique exposure
-- per visitor (the first exposure fixes the variant; the earliest time is kept), the exposure counter,
-- and the stream entry that makes each event durable.
-- KEYS: 1 exposures hash (visitor -> "variant|ms"), 2 counters hash, 3 stream, 3+i seen-id key of event i
-- ARGV: 1 dedupe ttl s, 2 experiment id, then per event i: visitor, variant, event time ms, event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, experiment = ARGV[1], ARGV[2]
local statuses = {}
for i = 1, #KEYS - 3 do
  local seen, a = KEYS[3 + i], 2 + (i - 1) * 4
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor, variant, at = ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
    local counted = 0
    local previous = redis.call('HGET', KEYS[1], visitor)
    if previous then
      local first
      variant, first = split(previous)
      first = tonumber(first)
      if at < first then
        redis.call('HSET', KEYS[1], visitor, variant .. '|' .. int(at))
      else
        at = first
      end
    else
      redis.call('HSET', KEYS[1], visitor, variant .. '|' .. int(at))
      redis.call('HINCRBY', KEYS[2], COUNTER.exposures .. '|' .. variant, 1)
      counted = 1
    end
    redis.call('XADD', KEYS[3], '*', FIELD.event, ARGV[a + 4], FIELD.experiment, experiment, FIELD.variant, variant,
      FIELD.counted, counted, FIELD.exposed_at, int(at))
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
