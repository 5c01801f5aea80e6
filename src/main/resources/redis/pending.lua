-- Says whether a code is still the address's pending code: not replaced, used, exhausted
-- or expired. The outbox asks before mailing, so a stale mail is never sent.
-- KEYS[1]  the address's bucket (layout in state.lua)
-- ARGV     field, codeHash
-- Returns  1 pending, 0 not
local s = decode(redis.call('HGET', KEYS[1], ARGV[1]))
if s and s.h == ARGV[2] and code_pending(s, now_ms()) then
  return 1
end
return 0
