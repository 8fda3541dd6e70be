-- wrk script for bench/views_http.py: POST "id=<article id>" to /api/xem/, rotating article ids,
-- with a normal browser User-Agent and no cookies (so the nr_seen dedup cookie never applies).
--
-- Environment (set by views_http.py):
--   BENCH_IDS        comma-separated article ids to rotate through
--   BENCH_MEASURE_S  seconds of counted POSTs; after that each connection sends only GET /api/xem/
--                    (answered 405, counts nothing) until wrk's -d duration ends. This "drain" lets every
--                    counted POST get its answer before wrk stops, so "views recorded == 204s received"
--                    can be checked exactly (otherwise up to one request per connection is in flight at
--                    the stop: the server counts it, wrk never sees its 204).
--   BENCH_PATH       URL path, default /api/xem/ (the ladder points it at other endpoints)
--
-- done() prints machine-readable lines "BENCH key=value" that views_http.py parses.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]])
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local USER_AGENT = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/126.0.0.0 Mobile Safari/537.36"

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  for id in string.gmatch(os.getenv("BENCH_IDS") or "", "%d+") do
    ids[#ids + 1] = id
  end
  if #ids == 0 then
    error("BENCH_IDS is empty")
  end
  path = os.getenv("BENCH_PATH") or "/api/xem/"
  measure_s = tonumber(os.getenv("BENCH_MEASURE_S") or "15")
  -- Each wrk thread starts at a different place in the rotation.
  n = (tid or 0) * 7919
  posts_sent, gets_sent = 0, 0
  c204, c2xx, c405, cother = 0, 0, 0, 0
  started = now()
  first_post, last_204 = 0, 0
  -- wrk calls request() once in thread 1 before any connection exists, to check the script
  -- (script_verify_request in wrk.c); that request is never sent, so it is not counted.
  verifying = (tid or 0) == 0
  post_headers = {
    ["User-Agent"] = USER_AGENT,
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["Accept"] = "*/*",
    ["Accept-Language"] = "vi-VN,vi;q=0.9,en;q=0.8",
    ["Origin"] = "http://127.0.0.1",
  }
  get_headers = { ["User-Agent"] = USER_AGENT }
end

function request()
  if verifying then
    verifying = false
    return wrk.format("POST", path, post_headers, "id=" .. ids[1])
  end
  local t = now()
  if t - started < measure_s then
    if first_post == 0 then
      first_post = t
    end
    n = n + 1
    posts_sent = posts_sent + 1
    return wrk.format("POST", path, post_headers, "id=" .. ids[(n % #ids) + 1])
  end
  gets_sent = gets_sent + 1
  return wrk.format("GET", path, get_headers)
end

function response(status, headers, body)
  if status == 204 then
    c204 = c204 + 1
    last_204 = now()
  elseif status >= 200 and status < 300 then
    c2xx = c2xx + 1
  elseif status == 405 then
    c405 = c405 + 1
  else
    cother = cother + 1
  end
end

function done(summary, latency, requests)
  local posts, gets, s204, s2xx, s405, sother = 0, 0, 0, 0, 0, 0
  local first, last = math.huge, 0
  for _, thread in ipairs(threads) do
    posts = posts + thread:get("posts_sent")
    gets = gets + thread:get("gets_sent")
    s204 = s204 + thread:get("c204")
    s2xx = s2xx + thread:get("c2xx")
    s405 = s405 + thread:get("c405")
    sother = sother + thread:get("cother")
    local f, l = thread:get("first_post"), thread:get("last_204")
    if f > 0 and f < first then
      first = f
    end
    if l > last then
      last = l
    end
  end
  local window = last > first and (last - first) or 0
  io.write(string.format("BENCH posts_sent=%d\n", posts))
  io.write(string.format("BENCH gets_sent=%d\n", gets))
  io.write(string.format("BENCH status_204=%d\n", s204))
  io.write(string.format("BENCH status_other_2xx=%d\n", s2xx))
  io.write(string.format("BENCH status_405=%d\n", s405))
  io.write(string.format("BENCH status_other=%d\n", sother))
  io.write(string.format("BENCH window_s=%.6f\n", window))
  io.write(string.format("BENCH wrk_requests=%d\n", summary.requests))
  io.write(string.format("BENCH wrk_duration_s=%.6f\n", summary.duration / 1e6))
  local e = summary.errors
  io.write(string.format("BENCH errors=%d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("BENCH errors_timeout=%d\n", e.timeout))
  io.write(string.format("BENCH latency_p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH latency_p99_ms=%.3f\n", latency:percentile(99) / 1000))
end
