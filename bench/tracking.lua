-- tracking.lua: wrk opens the tracking pages of the reports listed in the
-- file $CODES (one tracking code a line, as loadgen -codes writes them),
-- picked at random: on the embedded database a report stored later takes
-- longer to find, so walking the list in order would favour the first ones.
-- Used by bench/tracking.sh.
local codes = {}
for line in io.lines(os.getenv("CODES")) do
  codes[#codes + 1] = line
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  return wrk.format("GET", "/t/" .. codes[math.random(#codes)])
end
