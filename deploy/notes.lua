-- wrk script for the notes stack: one request in four is a POST of a note
-- with a unique title, the others GET a note this thread created (or the
-- first page). Every 201's Location is appended to $ACKED_DIR/acked-<n>.txt:
-- the writes the clients were told succeeded. done() prints one line,
-- "WRKJSON {...}", with the status counts, socket errors and latency.
local counter = 0
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  run_id = os.getenv("RUN_ID") or tostring(os.time())
  acked = io.open((os.getenv("ACKED_DIR") or ".") .. "/acked-" .. id .. ".txt", "a")
  codes = {}
  ids = {}
  math.randomseed(os.time() + id)
end

function request()
  counter = counter + 1
  if counter % 4 == 1 then
    local title = string.format("w%s-%d-%d", run_id, id, counter)
    return wrk.format("POST", "/notes", {["Content-Type"] = "application/json"},
                      '{"title": "' .. title .. '", "body": "load"}')
  end
  if #ids == 0 then
    return wrk.format("GET", "/notes?limit=5")
  end
  return wrk.format("GET", ids[math.random(#ids)])
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status == 201 then
    local location = headers["Location"] or headers["location"]
    acked:write((location or "MISSING") .. "\n")
    acked:flush()
    if #ids < 1000 then table.insert(ids, location) end
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("codes")) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "codes": {%s}, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, table.concat(parts, ", "),
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
