-- Referral sent by one visitor for one experiment, atomically: counts referrals and unique referrers
-- per variant for exposed visitors (exposure at or before the referral).
-- KEYS: 1 seen-id, 2 exposures hash, 3 referrals hash, 4 counters hash, 5 stream
-- ARGV: 1 dedupe ttl s, 2 visitor, 3 event time ms, 4 event json, 5 experiment id
-- Returns {1, counted} for a new event, {0, 0} for a duplicate event id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local visitor, at = ARGV[2], tonumber(ARGV[3])
local counted, variant, n = 0, '', 0
local exposure = redis.call('HGET', KEYS[2], visitor)
if exposure then
  local bar = string.find(exposure, '|', 1, true)
  if tonumber(string.sub(exposure, bar + 1)) <= at then
    variant = string.sub(exposure, 1, bar - 1)
    n = redis.call('HINCRBY', KEYS[3], visitor, 1)
    if n == 1 then
      redis.call('HINCRBY', KEYS[4], 'ru|' .. variant, 1)
    end
    redis.call('HINCRBY', KEYS[4], 'rf|' .. variant, 1)
    counted = 1
  end
end
redis.call('XADD', KEYS[5], '*', 'e', ARGV[4], 'x', ARGV[5], 'v', variant, 'k', counted, 'n', n)
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return {1, counted}
