-- wrk script: GET /v1/assign for ever-new visitors with realistic attributes (the same list as the Gatling feeder);
-- BENCH_ASSIGN_QUERY is appended to every query (bench.sh uses "&track=false" for assignment without tracking).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local countries = { "US", "US", "US", "CA", "GB", "DE", "FR", "BR", "IN", "JP" }
local devices = { "desktop", "desktop", "mobile", "mobile", "tablet" }
local plans = { "free", "free", "trial", "pro", "enterprise" }
local urls = { "/", "/pricing", "/pricing", "/features", "/signup", "/app/dashboard", "/app/settings", "/blog/flywheel", "/referral" }
local visitors = 0
local prefix = "v"

function init(args)
  math.randomseed(id or 1)
  prefix = "w" .. (os.getenv("BENCH_RUN") or "0") .. "-" .. (id or 0) .. "-"
end

local function pick(list, k)
  return list[k % #list + 1]
end

function request()
  visitors = visitors + 1
  -- Knuth's multiplicative hash spreads consecutive visitors over the attribute lists.
  local k = (visitors * 2654435761) % 4294967296
  return wrk.format("GET", "/v1/assign?visitor=" .. prefix .. visitors
    .. "&url=" .. pick(urls, k)
    .. "&attr.country=" .. pick(countries, math.floor(k / 16))
    .. "&attr.device=" .. pick(devices, math.floor(k / 256))
    .. "&attr.plan=" .. pick(plans, math.floor(k / 4096)) .. (os.getenv("BENCH_ASSIGN_QUERY") or ""))
end

function done(summary, latency, requests)
  bench_report(summary, latency, "")
end
