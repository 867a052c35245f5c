-- Exposures of visitors to one experiment, atomically, in order: dedupe by event id, unique exposure
-- per visitor (the first exposure fixes the variant and the segments; the earliest time is kept), the exposure
-- counters (also per segment), and the stream entry that makes each event durable.
-- KEYS: 1 exposures hash (visitor -> "variant|ms"), 2 counters hash, 3 stream, 4 segments hash
--       (visitor -> "dimension|value|..."), 5 segment counters hash, 6 segment values hash, 6+i seen-id key of event i
-- ARGV: 1 dedupe ttl s, 2 experiment id, then per event i: visitor, variant, event time ms, event json,
--       wanted segments ("dimension|cap|value|...", may be empty)
-- Returns one status per event: 1 new, 0 duplicate event id.
local OTHER = '(other)' -- Dimension.OTHER

-- Fixes a visitor's segments: each value counts as itself while the experiment has seen fewer than `cap`
-- distinct values of its dimension (or has seen this one), otherwise as (other). The values hash holds
-- "dimension|value" -> 1 and "dimension" -> distinct values so far.
local function fix_segments(values, wanted)
  local fixed = {}
  for dimension, cap, value in string.gmatch(wanted, '([^|]+)|([^|]+)|([^|]+)') do
    local field = dimension .. '|' .. value
    if value ~= OTHER and redis.call('HEXISTS', values, field) == 0 then
      if tonumber(redis.call('HGET', values, dimension) or '0') < tonumber(cap) then
        redis.call('HSET', values, field, '1')
        redis.call('HINCRBY', values, dimension, 1)
      else
        value = OTHER
      end
    end
    fixed[#fixed + 1] = dimension .. '|' .. value
  end
  return table.concat(fixed, '|')
end

local ttl, experiment = ARGV[1], ARGV[2]
local statuses = {}
for i = 1, #KEYS - 6 do
  local seen, a = KEYS[6 + i], 2 + (i - 1) * 5
  if redis.call('EXISTS', seen) == 1 then
    statuses[i] = 0
  else
    local visitor, variant, at = ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
    local counted, segments = 0, ''
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
      segments = redis.call('HGET', KEYS[4], visitor) or ''
    else
      redis.call('HSET', KEYS[1], visitor, variant .. '|' .. int(at))
      redis.call('HINCRBY', KEYS[2], COUNTER.exposures .. '|' .. variant, 1)
      segments = fix_segments(KEYS[6], ARGV[a + 5])
      if segments ~= '' then
        redis.call('HSET', KEYS[4], visitor, segments)
        for _, suffix in ipairs(segment_suffixes(segments, variant .. '|')) do
          redis.call('HINCRBY', KEYS[5], COUNTER.exposures .. suffix, 1)
        end
      end
      counted = 1
    end
    redis.call('XADD', KEYS[3], '*', FIELD.event, ARGV[a + 4], FIELD.experiment, experiment, FIELD.variant, variant,
      FIELD.counted, counted, FIELD.exposed_at, int(at), FIELD.segments, segments)
    redis.call('SET', seen, '1', 'EX', ttl)
    statuses[i] = 1
  end
end
return statuses
