-- What bench/page_cache.lua and bench/uncached_pages.lua share (loaded with require, see their first lines): the
-- anonymous reader's request headers (a phone's browser, no cookies), the counting of the answers by status and by
-- X-Page-Cache (hit, stale, miss, off, error, bypass; "none" when absent), and done()'s "BENCH key=value" lines.
-- wrk runs each thread in a Lua state of its own: the counts are globals of that state (c200, cother, outcomes),
-- which done() reads through thread:get in the main state.

local reader = {}

-- Printed even when zero, so that a run's output always names every outcome.
local OUTCOMES = { "hit", "stale", "miss", "off", "error", "bypass", "none" }

reader.HEADERS = {
  ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    .. "Chrome/126.0.0.0 Mobile Safari/537.36",
  ["Accept"] = "text/html,application/xhtml+xml",
  ["Accept-Language"] = "vi-VN,vi;q=0.9,en;q=0.8",
}

local threads = {}

function reader.setup(thread)
  table.insert(threads, thread)
end

-- The thread's counts, from nothing (in init).
function reader.start_counting()
  c200, cother = 0, 0
  outcomes = {}
end

function reader.response(status, response_headers, body)
  if status == 200 then
    c200 = c200 + 1
  else
    cother = cother + 1
  end
  local outcome = response_headers["X-Page-Cache"] or "none"
  outcomes[outcome] = (outcomes[outcome] or 0) + 1
end

function reader.done(summary, latency, requests)
  local s200, sother = 0, 0
  local totals = {}
  for _, name in ipairs(OUTCOMES) do
    totals[name] = 0
  end
  for _, thread in ipairs(threads) do
    s200 = s200 + thread:get("c200")
    sother = sother + thread:get("cother")
    for name, value in pairs(thread:get("outcomes")) do
      totals[name] = (totals[name] or 0) + value
    end
  end
  io.write(string.format("BENCH status_200=%d\n", s200))
  io.write(string.format("BENCH status_other=%d\n", sother))
  for name, value in pairs(totals) do
    io.write(string.format("BENCH cache_%s=%d\n", name, value))
  end
  io.write(string.format("BENCH requests=%d\n", summary.requests))
  io.write(string.format("BENCH duration_s=%.6f\n", summary.duration / 1e6))
  io.write(string.format("BENCH bytes=%d\n", summary.bytes))
  local e = summary.errors
  io.write(string.format("BENCH errors=%d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("BENCH latency_p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH latency_p99_ms=%.3f\n", latency:percentile(99) / 1000))
end

return reader
