-- Shared by the wrk scripts of bench.sh: numbers each thread, and prints one machine-readable line
-- ("BENCH_JSON {...}") after wrk's own report, with p99.9 which wrk's --latency does not show.
bench_threads = {}

function setup(thread)
  table.insert(bench_threads, thread)
  thread:set("id", #bench_threads)
end

-- extra: more JSON fields (",\"k\":v..."), or "".
function bench_report(summary, latency, extra)
  local errors = summary.errors
  local ms = function(p) return latency:percentile(p) / 1000.0 end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}%s}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000.0,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout, extra))
end

-- Closed-loop approximation of a constant rate (wrk2 is not packaged): each connection waits BENCH_DELAY_MS
-- (fractional, dithered between floor and ceil since wrk's timers have 1 ms resolution) after each response.
local mean_delay = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if mean_delay > 0 then
  function delay()
    local whole = math.floor(mean_delay)
    if math.random() < mean_delay - whole then
      return whole + 1
    end
    return whole
  end
end
