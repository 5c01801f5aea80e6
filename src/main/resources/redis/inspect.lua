-- Metadata of an address's state for operators: never a hash of a code or token.
-- KEYS[1]  the address's bucket (layout in state.lua)
-- KEYS[2]  the address's reset-token key
-- ARGV     field
-- Returns  {exists, now, codeExpiry, attemptsLeft, cooldownUntil, hourStart, codesThisHour,
--           tokenExpiry, dayStart, codesToday, failuresToday}, times in ms (0: none)
local now = now_ms()
local s = decode(redis.call('HGET', KEYS[1], ARGV[1]))
local tokenPttl = redis.call('PTTL', KEYS[2])
local tokenExpiry = (tokenPttl > 0) and now + tokenPttl or 0
if not s then
  return {(tokenExpiry > 0) and 1 or 0, now, 0, 0, 0, 0, 0, tokenExpiry, 0, 0, 0}
end
return {1, now, s.x or 0, s.a or 0, s.c, s.w, s.n, tokenExpiry, s.day, s.m, s.f}
