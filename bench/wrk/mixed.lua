-- The warm-up load: code requests (a new address each), wrong-code verifies of addresses
-- this thread asked codes for, and liveness, in turn. Run in 5-second bursts from a cold
-- start until the JIT compiler threads go quiet (bench/run.sh).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local prefix, n, turn

function init(args)
  prefix = (os.getenv("BENCH_SERVICE") or "phoenix") .. "-" .. os.getenv("BENCH_RUN") .. "-" .. id .. "-"
  n, turn = 0, 0
  live = wrk.format("GET", "/actuator/health/liveness")
end

function request()
  turn = turn + 1
  if turn % 3 == 1 then
    n = n + 1
    return json_post("/auth/reset-code", '{"email":"' .. prefix .. n .. '@bench.test"}')
  elseif turn % 3 == 2 and n > 0 then
    return json_post("/auth/reset-code/verify", '{"email":"' .. prefix .. math.random(n) .. '@bench.test","code":"000000"}')
  end
  return live
end

function response(status, headers, body)
  count(status)
end
