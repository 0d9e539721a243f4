-- wrk script for bench/load.sh: one scenario per run, chosen by the arguments after "--":
--   SCENARIO IDS_FILE [TOKENS_FILE|-] [WINDOW_ORIGIN_MS WINDOW_MS]
-- Scenarios:
--   get-by-id    GET /api/users/{id}, id drawn at random from IDS_FILE (one id a line)
--   list         GET /api/users?offset=0&limit=20
--   post         POST /api/users, a new email every request
--   post-keyed   the same with a new Idempotency-Key every request (what the key costs)
--   health       GET /api/health/ready, never with a token (probes send none)
--   mixed        all of the above at random (warm-up, soak)
-- TOKENS_FILE: bearer tokens, one a line; each request carries one drawn at random, as a pool of distinct callers
-- would send them. "-" or absent: no Authorization header (AUTH_MODE=none).
-- WINDOW_ORIGIN_MS, WINDOW_MS: also count responses per window of WINDOW_MS since WINDOW_ORIGIN_MS (epoch ms, e.g.
-- the server's launch) and print them as WINDOW lines; only then is a per-response hook installed.
-- done() prints one RESULT line that load.sh parses, in microseconds, so that it does not have to read wrk's
-- unit-suffixed text.

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

local scenario, ids, tokens, counter, stamp
local get_headers, post_headers -- per token: prebuilt header tables, so that a request allocates none
local window_origin, window_ms, now_ms
counts, errors = {}, {} -- globals: done() reads them through thread:get

function init(args)
  scenario = args[1]
  ids = {}
  if args[2] and args[2] ~= "-" then
    for line in io.lines(args[2]) do ids[#ids + 1] = line end
  end
  tokens = {}
  if args[3] and args[3] ~= "-" then
    for line in io.lines(args[3]) do
      if line ~= "" then tokens[#tokens + 1] = line end
    end
  end
  get_headers, post_headers = {}, {}
  for i, token in ipairs(tokens) do
    get_headers[i] = { Authorization = "Bearer " .. token }
    post_headers[i] = { Authorization = "Bearer " .. token, ["Content-Type"] = "application/json" }
  end
  if #tokens == 0 then
    get_headers[1] = {}
    post_headers[1] = { ["Content-Type"] = "application/json" }
  end
  counter = 0
  -- Per thread and per run, so that emails differ across threads, rounds and repeated runs.
  math.randomseed(os.time() * 1000 + tid * 7919)
  stamp = os.time() .. "-" .. math.random(1, 1e9)
  if args[4] and args[5] then
    window_origin, window_ms = tonumber(args[4]), tonumber(args[5])
    local ffi = require("ffi")
    pcall(ffi.cdef, "typedef struct { long tv_sec; long tv_nsec; } bench_ts; int clock_gettime(int, bench_ts *);")
    local ts = ffi.new("bench_ts")
    now_ms = function()
      ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME, like `date +%s%3N`
      return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
    end
    -- Installed only here: with a response() function wrk hands every response to Lua.
    response = function(status)
      local w = math.floor((now_ms() - window_origin) / window_ms)
      counts[w] = (counts[w] or 0) + 1
      if status > 399 then errors[w] = (errors[w] or 0) + 1 end
    end
  end
end

local function pick()
  return math.random(#get_headers)
end

local function get_by_id()
  return wrk.format("GET", "/api/users/" .. ids[math.random(#ids)], get_headers[pick()])
end

local function list()
  return wrk.format("GET", "/api/users?offset=0&limit=20", get_headers[pick()])
end

local function post(keyed)
  counter = counter + 1
  local unique = string.format('%s-%d-%d-%d', stamp, tid, counter, math.random(1, 1e9))
  local body = string.format('{"name":"Bench %d","email":"load-%s@example.com"}', counter, unique)
  local headers = post_headers[pick()]
  if keyed then
    local base = headers
    headers = { ["Idempotency-Key"] = "bench-" .. unique }
    for name, value in pairs(base) do headers[name] = value end
  end
  return wrk.format("POST", "/api/users", headers, body)
end

local function health()
  return wrk.format("GET", "/api/health/ready", {})
end

local mixed = { get_by_id, list, post, function() return post(true) end, health }

function request()
  if scenario == "get-by-id" then return get_by_id()
  elseif scenario == "list" then return list()
  elseif scenario == "post" then return post(false)
  elseif scenario == "post-keyed" then return post(true)
  elseif scenario == "health" then return health()
  else return mixed[math.random(#mixed)]() end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
  local total, total_errors, last = {}, {}, -1
  for _, thread in ipairs(threads) do
    local c, x = thread:get("counts"), thread:get("errors")
    for w, n in pairs(c or {}) do
      total[w] = (total[w] or 0) + n
      if w > last then last = w end
    end
    for w, n in pairs(x or {}) do total_errors[w] = (total_errors[w] or 0) + n end
  end
  for w = 0, last do
    io.write(string.format("WINDOW %d %d %d\n", w, total[w] or 0, total_errors[w] or 0))
  end
end
