-- Counting events in a fixed window, prepended to count.lua and request.lua.

-- Counts one event on counter and returns 0 within limit, else the milliseconds until the
-- window ends.
local function count_event(counter, limit, windowMs)
  local count = redis.call('INCR', counter)
  local ttl = redis.call('PTTL', counter)
  if ttl < 0 then
    redis.call('PEXPIRE', counter, windowMs)
    ttl = tonumber(windowMs)
  end
  if count > tonumber(limit) then
    return ttl
  end
  return 0
end
