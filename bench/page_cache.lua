-- wrk script for bench/page_cache.py: GET one page as an anonymous reader (no cookies), and count the
-- answers by status and by X-Page-Cache (hit, stale, miss, off, error, bypass). done() prints "BENCH key=value".

-- The shared part (headers, counting, done) is bench/wrk_reader.lua, found beside this script wherever wrk runs.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local reader = require("wrk_reader")

setup = reader.setup
response = reader.response
done = reader.done

function init(args)
  reader.start_counting()
end

function request()
  return wrk.format("GET", nil, reader.HEADERS)
end
