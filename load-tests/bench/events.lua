-- wrk script: POST /v1/events, batches of BENCH_BATCH events (half exposures of new visitors, half their
-- conversions) over the experiments in BENCH_EVENT_EXPERIMENTS ("id:goal,id:goal"). Every id is unique.
-- Counts what it sent and what was acknowledged (202), per experiment, so bench.sh can compare with the counters.
-- After BENCH_EVENTS_SECONDS it sends GET /health instead, so no batch is in flight when wrk stops and
-- "sent" is exact; events/s is measured over the batches' own window (first sent to last acknowledged).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local function now()
  local tv = ffi.new("bench_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
end

local batch = tonumber(os.getenv("BENCH_BATCH") or "50")
local experiments, goals = {}, {}
for pair in string.gmatch(os.getenv("BENCH_EVENT_EXPERIMENTS") or "", "[^,]+") do
  local experiment, goal = string.match(pair, "([^:]+):(.+)")
  table.insert(experiments, experiment)
  table.insert(goals, goal)
end

sent_requests = 0
acked_requests = 0
accepted_events = 0
first_sent = 0
last_acked = 0
local events_seconds = tonumber(os.getenv("BENCH_EVENTS_SECONDS") or "1e9")
local health = nil
sent_visitors = {} -- per experiment index: visitors exposed (each also converts once)
for i = 1, #experiments do sent_visitors[i] = 0 end
local prefix = "e"
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  prefix = "e" .. (os.getenv("BENCH_RUN") or "0") .. "-" .. (id or 0) .. "-"
end

local verified = false

function request()
  -- wrk builds one request in the first thread to check the script's HTTP and never sends it: don't count it.
  if id == 1 and not verified then
    verified = true
    return wrk.format("POST", "/v1/events", headers, '{"events":[]}')
  end
  local t = now()
  if first_sent == 0 then
    first_sent = t
  elseif t - first_sent > events_seconds then
    health = health or wrk.format("GET", "/health")
    return health
  end
  sent_requests = sent_requests + 1
  local parts = {}
  for i = 1, batch / 2 do
    local visitor = prefix .. sent_requests .. "-" .. i
    local e = (sent_requests * batch + i) % #experiments + 1
    sent_visitors[e] = sent_visitors[e] + 1
    parts[#parts + 1] = '{"type":"exposure","visitor":"' .. visitor .. '","experiment":"' .. experiments[e] .. '","id":"' .. visitor .. '-x"}'
    parts[#parts + 1] = '{"type":"conversion","visitor":"' .. visitor .. '","goal":"' .. goals[e] .. '","id":"' .. visitor .. '-c"}'
  end
  return wrk.format("POST", "/v1/events", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
  if status == 202 then
    acked_requests = acked_requests + 1
    accepted_events = accepted_events + tonumber(string.match(body, '"accepted":(%d+)') or "0")
    last_acked = now()
  end
end

function done(summary, latency, requests)
  local sent, acked, accepted, per_experiment, from, to = 0, 0, 0, {}, math.huge, 0
  for i = 1, #experiments do per_experiment[i] = 0 end
  for _, thread in ipairs(bench_threads) do
    sent = sent + thread:get("sent_requests")
    acked = acked + thread:get("acked_requests")
    accepted = accepted + thread:get("accepted_events")
    from = math.min(from, thread:get("first_sent"))
    to = math.max(to, thread:get("last_acked"))
    local visitors = thread:get("sent_visitors")
    for i = 1, #experiments do per_experiment[i] = per_experiment[i] + visitors[i] end
  end
  local fields = {}
  for i = 1, #experiments do
    fields[#fields + 1] = string.format('"%s":{"goal":"%s","visitors":%d}', experiments[i], goals[i], per_experiment[i])
  end
  bench_report(summary, latency, string.format(
    ',"batch":%d,"sent_requests":%d,"acked_requests":%d,"accepted_events":%d,"batch_seconds":%.3f,"sent_by_experiment":{%s}',
    batch, sent, acked, accepted, to - from, table.concat(fields, ",")))
end
