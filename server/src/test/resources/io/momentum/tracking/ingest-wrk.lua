-- wrk script for IngestBenchmark: POST /v1/events with batches of 50 events with unique ids
-- (3 exposures, then a revenue conversion and a signup conversion per 5 events; visitors repeat).
local run = os.getenv("MOMENTUM_BENCH_RUN") or "run"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

request = function()
  local parts = {}
  for i = 1, 50 do
    counter = counter + 1
    local id = run .. "-" .. tid .. "-" .. counter
    local visitor = "w" .. tid .. "-" .. math.floor(counter / 5)
    local kind = counter % 5
    if kind < 3 then
      local experiment = ({"pricing-hero", "upgrade-cta", "referral-reward"})[kind + 1]
      parts[i] = '{"type":"exposure","id":"' .. id .. '","visitor":"' .. visitor .. '","experiment":"' .. experiment .. '"}'
    elseif kind == 3 then
      parts[i] = '{"type":"conversion","id":"' .. id .. '","visitor":"' .. visitor .. '","goal":"purchase","value":12.50}'
    else
      parts[i] = '{"type":"conversion","id":"' .. id .. '","visitor":"' .. visitor .. '","goal":"signup"}'
    end
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
