-- wrk script for bench/spike.py: readers arriving at a set rate, each reading one page and sending its beacon.
--
-- Run as `wrk -tN -cN` (one connection per wrk thread), so that each thread sees its own requests and answers in
-- turn and can time and judge every one. A reader arrives at a time drawn in advance (Poisson arrivals, open
-- loop: the thread's next reader does not wait for the server to be free, it is only late), fetches a page
-- (BENCH_PLAN: the hot stories, the home page, the sections, by weight), and once the page has come back 200
-- sends `POST /api/xem/ id=<n>` as static/js/beacon.js does. Every reader is its own client address in
-- X-Forwarded-For (the server trusts one proxy, as behind nginx) and carries no cookie.
--
-- Latency is measured from the moment the request was due, not from when it left: a page from the reader's
-- arrival time (so a server that falls behind shows its queue), a beacon from its page's answer.
--
-- Environment (set by spike.py): BENCH_PLAN (file: weight, kind, path, beacon id per line), BENCH_RATE (readers/s
-- for the whole wrk run), BENCH_THREADS, BENCH_START (CLOCK_MONOTONIC seconds: when the first reader may come),
-- BENCH_STEP_S (seconds of arrivals), BENCH_DONE_DIR (a thread leaves a file there once its last reader is
-- done, so spike.py can stop wrk without cutting an answer off), BENCH_VICTIM_TITLE, BENCH_CORRECTION,
-- BENCH_LISTING_BEACONS ("id:weight,…": the story a home or section reader goes on to read; empty: none), BENCH_SALT.
--
-- done() prints "SPIKE …" lines that spike.py parses.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } spike_timespec;
int clock_gettime(int clk_id, spike_timespec *tp);
]])
local ts = ffi.new("spike_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC: the clock spike_editor.py notes its commits with
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local USER_AGENT = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/126.0.0.0 Mobile Safari/537.36"
-- What spike_editor.py writes (LEAD_MARK, NEW_STORY_TITLE): keep the two in step.
local LEAD_PATTERN = "Cập nhật lần thứ (%d+)"
local NEW_STORY_PATTERN = "Bản tin bão số (%d+)"
local RING = 256
local LOG_STEP = math.log(1.02)

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function weighted(list)
  local total = 0
  for _, item in ipairs(list) do
    total = total + item.weight
  end
  local acc = 0
  for _, item in ipairs(list) do
    acc = acc + item.weight / total
    item.upto = acc
  end
  list[#list].upto = 1.0
  return list
end

local function pick(list)
  local u = math.random()
  for _, item in ipairs(list) do
    if u <= item.upto then
      return item
    end
  end
  return list[#list]
end

function init(args)
  tid = tid or 0
  math.randomseed(7919 * (tid + 1) + tonumber(os.getenv("BENCH_SALT") or "0"))
  targets = {}
  for line in io.lines(os.getenv("BENCH_PLAN")) do
    local weight, kind, path, beacon = line:match("^([%d.]+)\t(%S+)\t(%S+)\t(%d+)$")
    if weight then
      targets[#targets + 1] = { weight = tonumber(weight), kind = kind, path = path, beacon = beacon }
    end
  end
  weighted(targets)
  listing_beacons = {}
  for id, weight in string.gmatch(os.getenv("BENCH_LISTING_BEACONS") or "", "(%d+):([%d.]+)") do
    listing_beacons[#listing_beacons + 1] = { id = id, weight = tonumber(weight) }
  end
  if #listing_beacons > 0 then
    weighted(listing_beacons)
  end
  local rate = tonumber(os.getenv("BENCH_RATE"))
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  mean_gap = nthreads / rate -- this thread's share of the arrivals
  start = tonumber(os.getenv("BENCH_START"))
  stop_at = start + tonumber(os.getenv("BENCH_STEP_S"))
  done_file = os.getenv("BENCH_DONE_DIR") .. "/" .. tid
  victim_title = os.getenv("BENCH_VICTIM_TITLE")
  correction = os.getenv("BENCH_CORRECTION")
  salt = tonumber(os.getenv("BENCH_SALT") or "0")
  next_due = start + (-math.log(1 - math.random())) * mean_gap
  verifying = tid == 0 -- wrk calls request() once in thread 1 to check the script; it is never sent

  state = "idle" -- idle, page, beacon_due, beacon
  finished = false
  readers, readers_done = 0, 0
  pages, beacons = {}, {} -- ["kind:status"] or ["article id:status"] = n
  cache = {} -- ["kind:X-Page-Cache value"] = n
  beacon_204, beacon_cookie = 0, 0
  lost_pages, lost_beacons = 0, 0
  hist_page, hist_beacon = {}, {}
  -- ["lead:3"]: how many answers showed that state, the first and last request made and answer received
  obs_n, obs_min_send, obs_max_send, obs_min_recv, obs_max_recv = {}, {}, {}, {}, {}
  victim_ring, victim_seen = {}, 0
  page_bytes = 0
  snapshot, snapshot_at = "", 0
end

local function record(hist, seconds)
  local ms = seconds * 1000
  local idx = ms > 0.01 and math.ceil(math.log(ms / 0.01) / LOG_STEP) or 0
  hist[idx] = (hist[idx] or 0) + 1
end

-- Flat tables only: wrk copies a thread's variables to done() one level deep (a nested table crashes it).
local function count(tbl, key, status)
  local name = key .. ":" .. status
  tbl[name] = (tbl[name] or 0) + 1
end

local function observe(key, sent, received)
  local n = obs_n[key]
  if n == nil then
    obs_n[key], obs_min_send[key], obs_max_send[key], obs_min_recv[key], obs_max_recv[key] =
      1, sent, sent, received, received
    return
  end
  obs_n[key] = n + 1
  if sent < obs_min_send[key] then obs_min_send[key] = sent end
  if sent > obs_max_send[key] then obs_max_send[key] = sent end
  if received < obs_min_recv[key] then obs_min_recv[key] = received end
  if received > obs_max_recv[key] then obs_max_recv[key] = received end
end

local serialize

local function finish()
  if not finished then
    finished = true
    serialize()
    local marker = io.open(done_file, "w")
    if marker then
      marker:close()
    end
    wrk.thread:stop()
  end
end

function delay()
  if state == "page" or state == "beacon" then
    -- The connection was reset before the answer came (wrk reconnects and asks again): that request is lost.
    if state == "page" then lost_pages = lost_pages + 1 else lost_beacons = lost_beacons + 1 end
    state = "idle"
    readers_done = readers_done + 1
  end
  if state == "beacon_due" then
    return 0
  end
  -- No reader arrives after the step; one due before it but not yet started (a server fallen behind) never comes.
  if finished or next_due >= stop_at or now() >= stop_at then
    finish()
    return 60000
  end
  local wait = next_due - now()
  return wait > 0 and math.floor(wait * 1000) or 0
end

local function address()
  local k = readers
  return string.format("%d.%d.%d.%d", 11 + (math.floor(tid / 256) + 3 * salt) % 200, tid % 256,
    math.floor(k / 256) % 256, k % 256)
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", "/", { ["User-Agent"] = USER_AGENT })
  end
  local t = now()
  if state == "beacon_due" then
    state = "beacon"
    beacon_sent = t
    return wrk.format("POST", "/api/xem/", {
      ["User-Agent"] = USER_AGENT,
      ["Content-Type"] = "text/plain;charset=UTF-8",
      ["Accept"] = "*/*",
      ["Origin"] = "http://127.0.0.1",
      ["X-Forwarded-For"] = reader_address,
    }, "id=" .. beacon_id)
  end
  readers = readers + 1
  target = pick(targets)
  due = next_due
  next_due = next_due + (-math.log(1 - math.random())) * mean_gap
  page_sent = t
  state = "page"
  reader_address = address()
  return wrk.format("GET", target.path, {
    ["User-Agent"] = USER_AGENT,
    ["Accept"] = "text/html,application/xhtml+xml",
    ["Accept-Language"] = "vi-VN,vi;q=0.9,en;q=0.8",
    ["X-Forwarded-For"] = reader_address,
  })
end

local function page_answer(status, headers, body, t)
  record(hist_page, t - due)
  count(pages, target.kind, status)
  local outcome = target.kind .. ":" .. (headers["X-Page-Cache"] or "none")
  cache[outcome] = (cache[outcome] or 0) + 1
  local kind = target.kind
  if status == 200 then
    page_bytes = page_bytes + #body
    if kind == "victim" or (victim_title ~= "" and string.find(body, victim_title, 1, true)) then
      victim_seen = victim_seen + 1
      victim_ring[(victim_seen - 1) % RING + 1] = page_sent
      observe("victim:shown", page_sent, t)
    end
    if kind == "lead" then
      observe("lead:" .. (string.match(body, LEAD_PATTERN) or "0"), page_sent, t)
    elseif kind == "corrected" then
      observe("corrected:" .. (string.find(body, correction, 1, true) and "1" or "0"), page_sent, t)
    elseif kind == "home" then
      local newest = 0
      for n in string.gmatch(body, NEW_STORY_PATTERN) do
        n = tonumber(n)
        if n > newest then newest = n end
      end
      observe("home:" .. newest, page_sent, t)
    end
  elseif kind == "victim" and status == 404 then
    observe("victim:404", page_sent, t)
  end
  if status ~= 200 then
    return nil
  end
  if target.beacon ~= "0" then
    return target.beacon
  end
  if #listing_beacons > 0 then
    return pick(listing_beacons).id
  end
  return nil
end

function response(status, headers, body)
  local t = now()
  if state == "page" then
    beacon_id = page_answer(status, headers, body, t)
    if beacon_id then
      state = "beacon_due"
      return
    end
  elseif state == "beacon" then
    record(hist_beacon, t - beacon_sent)
    count(beacons, beacon_id, status)
    if status == 204 then
      beacon_204 = beacon_204 + 1
      if headers["Set-Cookie"] then
        beacon_cookie = beacon_cookie + 1
      end
    end
  end
  state = "idle"
  readers_done = readers_done + 1
  -- Kept up to date in case wrk is stopped before this thread is done (the drain's cap): every 5 s, and after
  -- each answer once arrivals have ended.
  if t - snapshot_at > 5 or t >= stop_at then
    serialize()
  end
end

function serialize()
  -- What done() reads from this thread, as one string: wrk copies a table from a thread unsoundly (each copy
  -- pops one slot too many off the thread's Lua stack, and enough of them crash it), a string soundly.
  local out = {}
  local function put(line)
    out[#out + 1] = line
  end
  put(string.format("SPIKE total readers %d", readers))
  put(string.format("SPIKE total readers_done %d", readers_done))
  put(string.format("SPIKE total beacon_204 %d", beacon_204))
  put(string.format("SPIKE total beacon_cookie %d", beacon_cookie))
  put(string.format("SPIKE total lost_pages %d", lost_pages))
  put(string.format("SPIKE total lost_beacons %d", lost_beacons))
  put(string.format("SPIKE total page_bytes %d", page_bytes))
  put(string.format("SPIKE total victim_seen %d", victim_seen))
  for name, tbl in pairs({ pages = pages, beacons = beacons, cache = cache, hist_page = hist_page,
    hist_beacon = hist_beacon }) do
    for key, n in pairs(tbl) do
      put(string.format("SPIKE %s %s %d", name, key, n))
    end
  end
  for key, n in pairs(obs_n) do
    put(string.format("SPIKE obs %s %d %.6f %.6f %.6f %.6f", key, n, obs_min_send[key], obs_max_send[key],
      obs_min_recv[key], obs_max_recv[key]))
  end
  for i = 1, math.min(victim_seen, RING) do
    put(string.format("SPIKE victim_sent %.6f %d", victim_ring[i], victim_seen > RING and 1 or 0))
  end
  put(string.format("SPIKE thread %d %s", tid, finished and "finished" or "unfinished"))
  snapshot = table.concat(out, "\n") .. "\n"
  snapshot_at = now()
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(thread:get("snapshot") or "")
  end
  local e = summary.errors
  io.write(string.format("SPIKE wrk errors_connect %d\n", e.connect))
  io.write(string.format("SPIKE wrk errors_read %d\n", e.read))
  io.write(string.format("SPIKE wrk errors_write %d\n", e.write))
  io.write(string.format("SPIKE wrk errors_timeout %d\n", e.timeout))
  io.write(string.format("SPIKE wrk requests %d\n", summary.requests))
  io.write(string.format("SPIKE wrk duration_s %.6f\n", summary.duration / 1e6))
end
