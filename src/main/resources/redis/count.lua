-- Counts one event in a fixed window and says whether the limit is passed.
-- KEYS[1]  the counter
-- ARGV     limit, windowMs
-- Returns  0 within the limit, else the milliseconds until the window ends
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
if count > tonumber(ARGV[1]) then
  return ttl
end
return 0
