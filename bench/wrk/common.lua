-- Shared by every case: numbers the wrk threads, counts answers with the expected status,
-- and writes one JSON line of results (requests, req/s, p50, p99 in ms) to $BENCH_RESULT.
-- Every case, liveness included, defines response(), so every case pays the same wrk cost.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
ok, unexpected = 0, 0

function count(status)
  if status == expected then ok = ok + 1 else unexpected = unexpected + 1 end
end

-- Reads "address value" lines, keeping those of this thread (line n goes to thread n mod k).
function lines_for_thread(path, id, k)
  local mine, n = {}, 0
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if n % k == id - 1 then table.insert(mine, line) end
    n = n + 1
  end
  file:close()
  return mine
end

function json_post(path, body, extra)
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(extra or {}) do headers[name] = value end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
    bad = bad + thread:get("unexpected")
  end
  local seconds = summary.duration / 1e6
  local out = assert(io.open(os.getenv("BENCH_RESULT"), "a"))
  out:write(string.format(
    '{"service":"%s","case":"%s","run":"%s","connections":%s,"seconds":%.3f,"requests":%d,"rps":%.1f,'
      .. '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"expected":%d,"unexpected":%d,'
      .. '"socket_errors":%d}\n',
    os.getenv("BENCH_SERVICE") or "phoenix", os.getenv("BENCH_CASE"), os.getenv("BENCH_RUN"), os.getenv("BENCH_CONNECTIONS"), seconds,
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, good, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  out:close()
end
