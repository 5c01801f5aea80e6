-- POST /auth/reset-code for a new address on every request: "<run>-<thread>-<n>@bench.test".
-- Accept-Language en keeps the mails' text part ASCII (cheaper for the SMTP sink to read).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local prefix, n

function init(args)
  prefix = (os.getenv("BENCH_SERVICE") or "phoenix") .. "-" .. os.getenv("BENCH_RUN") .. "-" .. id .. "-"
  n = 0
end

function request()
  n = n + 1
  return json_post("/auth/reset-code", '{"email":"' .. prefix .. n .. '@bench.test"}',
    { ["Accept-Language"] = "en" })
end

function response(status, headers, body)
  count(status)
end
