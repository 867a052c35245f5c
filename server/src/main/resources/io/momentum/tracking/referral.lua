-- Referrals for one experiment, atomically, in order: counts referrals and unique referrers per variant
-- for exposed visitors (exposure at or before the referral).
-- KEYS: 1 exposures hash, 2 referrals hash (visitor -> count), 3 counters hash, 4 stream, 4+i seen-id key of event i
-- ARGV: 1 dedupe ttl s, 2 experiment id, then per event i: visitor, event time ms, event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, experiment = ARGV[1], ARGV[2]
local statuses = {}
for i = 1, #KEYS - 4 do
  local seen, a = KEYS[4 + i], 2 + (i - 1) * 3
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor = ARGV[a + 1]
    local counted, n = 0, 0
    local variant = exposed_variant(KEYS[1], visitor, tonumber(ARGV[a + 2]))
    if variant then
      n = redis.call('HINCRBY', KEYS[2], visitor, 1)
      if n == 1 then
        redis.call('HINCRBY', KEYS[3], COUNTER.referrers .. '|' .. variant, 1)
      end
      redis.call('HINCRBY', KEYS[3], COUNTER.referrals .. '|' .. variant, 1)
      counted = 1
    end
    redis.call('XADD', KEYS[4], '*', FIELD.event, ARGV[a + 3], FIELD.experiment, experiment, FIELD.variant, variant or '',
      FIELD.counted, counted, FIELD.count, n)
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
