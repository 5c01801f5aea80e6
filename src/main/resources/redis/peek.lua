-- Says whether a counter has reached its limit, without counting.
-- KEYS[1]  the counter
-- ARGV     limit
-- Returns  0 below the limit, else the milliseconds until the window ends
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  return 1000
end
return ttl
