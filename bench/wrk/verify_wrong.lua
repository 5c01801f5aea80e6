-- POST /auth/reset-code/verify with a wrong code, round-robin over many addresses with a
-- pending code ($BENCH_INPUT: "address wrongcode" lines), so that with RESET_CODE_MAX_ATTEMPTS
-- set high no code runs out of attempts during the run: every answer is 400 INVALID_CODE.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local bodies, i

function init(args)
  bodies = {}
  for _, line in ipairs(lines_for_thread(os.getenv("BENCH_INPUT"), id, tonumber(os.getenv("BENCH_THREADS")))) do
    local address, code = line:match("^(%S+) (%S+)$")
    table.insert(bodies, '{"email":"' .. address .. '","code":"' .. code .. '"}')
  end
  i = 0
end

function request()
  i = i % #bodies + 1
  return json_post("/auth/reset-code/verify", bodies[i])
end

function response(status, headers, body)
  count(status)
end
