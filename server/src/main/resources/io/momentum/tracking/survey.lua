-- Survey answer of one visitor for one experiment, atomically: counts the first answer of an exposed
-- visitor (exposure at or before the answer) in the score histogram or the choice counts.
-- KEYS: 1 seen-id, 2 exposures hash, 3 survey answers hash, 4 counters hash, 5 stream
-- ARGV: 1 dedupe ttl s, 2 visitor, 3 event time ms, 4 answer field suffix ("ss|" .. score or "sc|" .. choice),
--       5 event json, 6 experiment id
-- Returns {1, counted} for a new event, {0, 0} for a duplicate event id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local visitor, at = ARGV[2], tonumber(ARGV[3])
local counted, variant = 0, ''
local exposure = redis.call('HGET', KEYS[2], visitor)
if exposure then
  local bar = string.find(exposure, '|', 1, true)
  if tonumber(string.sub(exposure, bar + 1)) <= at and redis.call('HEXISTS', KEYS[3], visitor) == 0 then
    variant = string.sub(exposure, 1, bar - 1)
    local kind, answer = string.sub(ARGV[4], 1, 3), string.sub(ARGV[4], 4)
    redis.call('HSET', KEYS[3], visitor, ARGV[4])
    redis.call('HINCRBY', KEYS[4], kind .. variant .. '|' .. answer, 1)
    counted = 1
  end
end
redis.call('XADD', KEYS[5], '*', 'e', ARGV[5], 'x', ARGV[6], 'v', variant, 'k', counted, 'a', ARGV[4])
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return {1, counted}
