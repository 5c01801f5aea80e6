-- POST /auth/reset-token/consume, each reset token ($BENCH_INPUT, one per line) once,
-- with the internal bearer token. Past the last token a thread wraps around, and those
-- answers (400 INVALID_TOKEN) are counted as unexpected.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local bodies, i, auth

function init(args)
  bodies = {}
  for _, token in ipairs(lines_for_thread(os.getenv("BENCH_INPUT"), id, tonumber(os.getenv("BENCH_THREADS")))) do
    table.insert(bodies, '{"resetToken":"' .. token .. '"}')
  end
  i = 0
  auth = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_INTERNAL_TOKEN") }
end

function request()
  i = i % #bodies + 1
  return json_post("/auth/reset-token/consume", bodies[i], auth)
end

function response(status, headers, body)
  count(status)
end
