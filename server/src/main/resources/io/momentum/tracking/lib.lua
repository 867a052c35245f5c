-- Shared helpers, prepended to every tracking script when it is loaded (a script cannot include another).
-- LuaScript puts the tables FIELD (stream entry fields, StreamFields.java) and COUNTER (counter kinds,
-- RedisKeys.Fields) in front of this file, so those names are spelled in Java only.

-- "a|b" -> "a", "b"
local function split(text)
  local bar = string.find(text, '|', 1, true)
  return string.sub(text, 1, bar - 1), string.sub(text, bar + 1)
end

-- An integer as Redis expects it (Lua would write large numbers as 1e+16).
local function int(x)
  return string.format('%.0f', x)
end

-- The variant the visitor was exposed to at or before time `at`, or nil.
local function exposed_variant(exposures, visitor, at)
  local exposure = redis.call('HGET', exposures, visitor)
  if not exposure then
    return nil
  end
  local variant, time = split(exposure)
  if tonumber(time) <= at then
    return variant
  end
  return nil
end

-- One conversion of a visitor: unique converter, conversions, value sum and sum of squares
-- of per-visitor totals: sum_sq += (t+v)^2 - t^2 = v*(2t+v). Totals are capped below 2^26.5 so every
-- product stays below 2^53, where Lua's doubles are exact integers; HINCRBY adds them as 64-bit integers.
-- `visitors` holds visitor -> "conversions|total". Each counter is also added under every suffix of the optional
-- `segment_suffixes` in the hash `segment_counters` (the visitor's segments). Returns the visitor's conversions and total after it.
local function convert(visitors, visitor, counters, suffix, value, cap, segment_counters, segment_suffixes)
  local function add(kind, amount)
    redis.call('HINCRBY', counters, kind .. suffix, amount)
    for _, segment in ipairs(segment_suffixes or {}) do
      redis.call('HINCRBY', segment_counters, kind .. segment, amount)
    end
  end
  local n, total = 0, 0
  local state = redis.call('HGET', visitors, visitor)
  if state then
    local count, sum = split(state)
    n, total = tonumber(count), tonumber(sum)
  end
  value = math.min(value, cap - total)
  if n == 0 then
    add(COUNTER.converters, 1)
  end
  add(COUNTER.conversions, 1)
  if value > 0 then
    add(COUNTER.value_sum, int(value))
    add(COUNTER.value_sum_squares, int(value * (2 * total + value)))
    total = total + value
  end
  n = n + 1
  redis.call('HSET', visitors, visitor, int(n) .. '|' .. int(total))
  return n, total
end

-- The "dimension|value" pairs of a visitor's segments ("channel|paid_search|device|mobile") as a list of
-- '|' .. prefix .. dimension .. '|' .. value suffixes of segment counter fields.
local function segment_suffixes(segments, prefix)
  local suffixes = {}
  for dimension, value in string.gmatch(segments or '', '([^|]+)|([^|]+)') do
    suffixes[#suffixes + 1] = '|' .. prefix .. dimension .. '|' .. value
  end
  return suffixes
end
