-- Removes an address's pending code and its reset token, for an operator. The limiter
-- state (cooldown, hourly and daily counts, failure budget) stays: revoking must not hand
-- an attacker a fresh quota. State layout: state.lua.
-- KEYS[1]  the address's bucket
-- KEYS[2]  the address's reset-token key
-- ARGV     field
-- Returns  how many of the two (code, token) were there
local removed = redis.call('DEL', KEYS[2])
local s = decode(redis.call('HGET', KEYS[1], ARGV[1]))
if s and s.h then
  drop_code(s)
  redis.call('HSET', KEYS[1], ARGV[1], encode(s))
  removed = removed + 1
end
return removed
