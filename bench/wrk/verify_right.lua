-- POST /auth/reset-code/verify with the right code ($BENCH_INPUT: "address code" lines
-- captured by the SMTP sink), each used once; the reset tokens of the answers go to
-- $BENCH_TOKENS-<thread> for the consume case. Past the last code a thread wraps around,
-- and those answers (400 CODE_EXPIRED) are counted as unexpected.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local bodies, i, tokens

function init(args)
  bodies = {}
  for _, line in ipairs(lines_for_thread(os.getenv("BENCH_INPUT"), id, tonumber(os.getenv("BENCH_THREADS")))) do
    local address, code = line:match("^(%S+) (%S+)$")
    table.insert(bodies, '{"email":"' .. address .. '","code":"' .. code .. '"}')
  end
  i = 0
  tokens = assert(io.open(os.getenv("BENCH_TOKENS") .. "-" .. id, "a"))
  tokens:setvbuf("line") -- wrk never closes a thread's Lua state, so nothing may wait in a buffer
end

function request()
  i = i % #bodies + 1
  return json_post("/auth/reset-code/verify", bodies[i])
end

function response(status, headers, body)
  count(status)
  if status == 200 then
    tokens:write(body:match('"resetToken":"([^"]+)"'), "\n")
  end
end
