-- GET /actuator/health/liveness: the HTTP ceiling of this machine for this service.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local req

function init(args)
  req = wrk.format("GET", "/actuator/health/liveness")
end

function request()
  return req
end

function response(status, headers, body)
  count(status)
end
