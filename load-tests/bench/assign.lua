-- wrk script: GET /v1/assign for ever-new visitors with realistic attributes (the same list as the Gatling feeder);
-- BENCH_ASSIGN_QUERY is appended to every query (bench.sh uses "&track=false" for assignment without tracking).
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
    .. "&attr.plan=" .. pick(plans, math.floor(k / 4096))
    .. (capture and (pick(sources, math.floor(k / 65536)) .. "&attr.landing=" .. pick(urls, k) .. "&attr.visits=" .. (k % 3 + 1)) or "")
    .. (os.getenv("BENCH_ASSIGN_QUERY") or ""))
end

function done(summary, latency, requests)
  bench_report(summary, latency, "")
end
