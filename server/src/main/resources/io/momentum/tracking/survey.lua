-- Survey answers for one experiment, atomically, in order: counts the first answer of an exposed visitor
-- (exposure at or before the answer) in the score histogram or the choice counts of its variant.
-- KEYS: 1 exposures hash, 2 answers hash (visitor -> answer), 3 counters hash, 4 stream, 4+i seen-id key of event i
-- ARGV: 1 dedupe ttl s, 2 experiment id, then per event i: visitor, event time ms,
--       answer ("ss|" .. score or "sc|" .. choice), event json
-- Returns one status per event: 1 new, 0 duplicate event id.
local ttl, experiment = ARGV[1], ARGV[2]
local statuses = {}
for i = 1, #KEYS - 4 do
  local seen, a = KEYS[4 + i], 2 + (i - 1) * 4
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor, answer = ARGV[a + 1], ARGV[a + 3]
    local counted = 0
    local variant = exposed_variant(KEYS[1], visitor, tonumber(ARGV[a + 2]))
    if variant and redis.call('HSETNX', KEYS[2], visitor, answer) == 1 then
      redis.call('HINCRBY', KEYS[3], string.sub(answer, 1, 3) .. variant .. '|' .. string.sub(answer, 4), 1)
      counted = 1
    end
    redis.call('XADD', KEYS[4], '*', FIELD.event, ARGV[a + 4], FIELD.experiment, experiment,
      FIELD.variant, counted == 1 and variant or '', FIELD.counted, counted, FIELD.answer, answer)
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
