-- wrk script for bench/uncached_pages.py: GET, as an anonymous reader (no cookies), the paths listed one a
-- line in the file named by the first script argument (`-- paths.txt`), in turn; count the answers by status
-- and by X-Page-Cache (hit, miss, off, stale, error, bypass). done() prints "BENCH key=value".

local USER_AGENT = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/126.0.0.0 Mobile Safari/537.36"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  index = 0
  c200, cother = 0, 0
  outcomes = {}
  headers = {
    ["User-Agent"] = USER_AGENT,
    ["Accept"] = "text/html,application/xhtml+xml",
    ["Accept-Language"] = "vi-VN,vi;q=0.9,en;q=0.8",
  }
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index], headers)
end

function response(status, response_headers, body)
  if status == 200 then
    c200 = c200 + 1
  else
    cother = cother + 1
  end
  local outcome = response_headers["X-Page-Cache"] or "none"
  outcomes[outcome] = (outcomes[outcome] or 0) + 1
end

function done(summary, latency, requests)
  local s200, sother = 0, 0
  local totals = {}
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
