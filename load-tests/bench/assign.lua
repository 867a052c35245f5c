-- wrk script: GET /v1/assign for ever-new visitors with realistic attributes (the same list as the Gatling feeder);
-- BENCH_ASSIGN_QUERY is appended to every query (bench.sh uses "&track=false" for assignment without tracking).
-- With BENCH_POOL=N the visitors are returning ones instead, "pool-1".."pool-N" (the same ids in every run):
-- BENCH_POOL_MODE=zipf (default) draws rank k with probability proportional to 1/k (Zipf, exponent 1: rank 1 is
-- about 11 % of the page views with N = 5,000, the least frequent one 0.002 %), BENCH_POOL_MODE=sweep walks
-- the pool in order (bench.sh's warm-up, so every pool visitor is already exposed when the measured run starts).
-- BENCH_CAPTURE=1 adds the raw first-touch attributes the snippet sends (utm_*, click id, referrer host, landing path,
-- visits, visit_source), spread over paid search/social, email, referral and direct, so the server derives channel,
-- visitor_type and device and fixes the segments at each exposure (the "capture" workload of bench.sh).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local countries = { "US", "US", "US", "CA", "GB", "DE", "FR", "BR", "IN", "JP" }
local devices = { "desktop", "desktop", "mobile", "mobile", "tablet" }
local plans = { "free", "free", "trial", "pro", "enterprise" }
local urls = { "/", "/pricing", "/pricing", "/features", "/signup", "/app/dashboard", "/app/settings", "/blog/flywheel", "/referral" }
local sources = {
  "&attr.utm_source=google&attr.utm_medium=cpc&attr.utm_campaign=spring-sale&attr.gclid=EAIaIQobChMI&attr.visit_source=google",
  "&attr.utm_source=facebook&attr.utm_medium=paid_social&attr.utm_campaign=retarget&attr.visit_source=facebook",
  "&attr.utm_source=weekly&attr.utm_medium=email&attr.utm_campaign=newsletter-48&attr.visit_source=weekly",
  "&attr.referrer=news.ycombinator.com&attr.visit_source=news.ycombinator.com",
  "&attr.visit_source=direct" }
local capture = os.getenv("BENCH_CAPTURE") == "1"
local visitors = 0
local prefix = "v"
local pool = tonumber(os.getenv("BENCH_POOL") or "0")
local sweep = os.getenv("BENCH_POOL_MODE") == "sweep"
local cdf = {}
if pool > 0 then
  local total = 0
  for k = 1, pool do total = total + 1 / k; cdf[k] = total end
  for k = 1, pool do cdf[k] = cdf[k] / total end
end

-- The Zipf rank of a uniform draw: the first k with cdf[k] >= u (binary search).
local function zipf_rank()
  local u, lo, hi = math.random(), 1, pool
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

local threads = 1
function init(args)
  math.randomseed(id or 1)
  prefix = "w" .. (os.getenv("BENCH_RUN") or "0") .. "-" .. (id or 0) .. "-"
  threads = tonumber(os.getenv("BENCH_THREADS") or "1")
end

local function visitor_id()
  if pool == 0 then
    return prefix .. visitors
  end
  if sweep then -- thread i of n takes ranks i, i + n, i + 2n, ...
    return "pool-" .. ((visitors - 1) * threads + ((id or 1) - 1)) % pool + 1
  end
  return "pool-" .. zipf_rank()
end

local function pick(list, k)
  return list[k % #list + 1]
end

function request()
  visitors = visitors + 1
  -- Knuth's multiplicative hash spreads consecutive visitors over the attribute lists.
  local k = (visitors * 2654435761) % 4294967296
  return wrk.format("GET", "/v1/assign?visitor=" .. visitor_id()
    .. "&url=" .. pick(urls, k)
    .. "&attr.country=" .. pick(countries, math.floor(k / 16))
    .. "&attr.device=" .. pick(devices, math.floor(k / 256))
    .. "&attr.plan=" .. pick(plans, math.floor(k / 4096))
    .. (capture and (pick(sources, math.floor(k / 65536)) .. "&attr.landing=" .. pick(urls, k) .. "&attr.visits=" .. (k % 3 + 1)) or "")
    .. (os.getenv("BENCH_ASSIGN_QUERY") or ""))
end

function done(summary, latency, requests)
  bench_report(summary, latency, "")
end
