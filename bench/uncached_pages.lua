-- wrk script for bench/uncached_pages.py: GET, as an anonymous reader (no cookies), the paths listed one a
-- line in the file named by the first script argument (`-- paths.txt`), in turn; count the answers by status
-- and by X-Page-Cache (hit, miss, off, stale, error, bypass). done() prints "BENCH key=value".

-- The shared part (headers, counting, done) is bench/wrk_reader.lua, found beside this script wherever wrk runs.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local reader = require("wrk_reader")

setup = reader.setup
response = reader.response
done = reader.done

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  index = 0
  reader.start_counting()
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index], reader.HEADERS)
end
