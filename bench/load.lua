-- wrk script for bench/load.sh: one scenario per run, chosen by the first argument after "--".
--   get-by-id IDS_FILE   GET /api/users/{id}, id drawn at random from IDS_FILE (one id a line)
--   list                 GET /api/users?offset=0&limit=20
--   post                 POST /api/users, a new email every request
--   post-keyed           the same with a new Idempotency-Key every request (what the key costs)
--   health               GET /api/health/ready
--   mixed IDS_FILE       all four at random (warm-up)
-- The Authorization header comes from wrk's -H. done() prints one RESULT line that load.sh parses, in
-- microseconds, so that it does not have to read wrk's unit-suffixed text.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local scenario, ids, counter, stamp, post_headers

function init(args)
  scenario = args[1]
  ids = {}
  if args[2] then
    for line in io.lines(args[2]) do ids[#ids + 1] = line end
  end
  counter = 0
  -- Per thread and per run, so that emails differ across threads, rounds and repeated runs.
  math.randomseed(os.time() * 1000 + tid * 7919)
  stamp = os.time() .. "-" .. math.random(1, 1e9)
  -- wrk.format does not merge wrk.headers (the -H token) into headers it is given.
  post_headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(wrk.headers) do post_headers[name] = value end
end

local function get_by_id()
  return wrk.format("GET", "/api/users/" .. ids[math.random(#ids)])
end

local function list()
  return wrk.format("GET", "/api/users?offset=0&limit=20")
end

local function post(keyed)
  counter = counter + 1
  local unique = string.format('%s-%d-%d-%d', stamp, tid, counter, math.random(1, 1e9))
  local body = string.format('{"name":"Bench %d","email":"load-%s@example.com"}', counter, unique)
  local headers = post_headers
  if keyed then
    headers = { ["Idempotency-Key"] = "bench-" .. unique }
    for name, value in pairs(post_headers) do headers[name] = value end
  end
  return wrk.format("POST", "/api/users", headers, body)
end

local function health()
  return wrk.format("GET", "/api/health/ready")
end

local mixed = { get_by_id, list, post, health }

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
end
