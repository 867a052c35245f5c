-- Exposure of one visitor to one experiment, atomically: dedupe by event id, unique exposure per
-- visitor (the first exposure fixes the variant; the earliest time is kept), exposure counter,
-- and the stream entry that makes the event durable.
-- KEYS: 1 seen-id, 2 exposures hash, 3 counters hash, 4 stream
-- ARGV: 1 dedupe ttl s, 2 visitor, 3 variant, 4 event time ms, 5 event json, 6 experiment id
-- Returns {1, counted} for a new event, {0, 0} for a duplicate event id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local visitor, variant, at = ARGV[2], ARGV[3], tonumber(ARGV[4])
local counted = 0
local previous = redis.call('HGET', KEYS[2], visitor)
if previous then
  local bar = string.find(previous, '|', 1, true)
  variant = string.sub(previous, 1, bar - 1)
  local first = tonumber(string.sub(previous, bar + 1))
  if at < first then
    redis.call('HSET', KEYS[2], visitor, variant .. '|' .. string.format('%.0f', at))
  else
    at = first
  end
else
  redis.call('HSET', KEYS[2], visitor, variant .. '|' .. string.format('%.0f', at))
  redis.call('HINCRBY', KEYS[3], 'x|' .. variant, 1)
  counted = 1
end
redis.call('XADD', KEYS[4], '*', 'e', ARGV[5], 'x', ARGV[6], 'v', variant, 'k', counted,
  'at', string.format('%.0f', at))
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return {1, counted}
