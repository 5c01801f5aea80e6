-- Counting events in a fixed window, prepended to count.lua, request.lua and attempt.lua.

-- Counts one event on counter and returns 0 within limit, else the milliseconds until the
-- window ends. The first event of a window sets its TTL; the script runs atomically, so a
-- counter always has one, and the window's end is read only when it is needed for the
-- answer (one command fewer on every request). A counter whose counts were all given back
-- (uncount.lua, a right code) starts a new window at its next event, as if it had expired:
-- it held nothing to keep. Over the limit, a counter found without a TTL (written by hand,
-- say) gets one, so it cannot refuse forever.
local function count_event(counter, limit, windowMs)
  local count = redis.call('INCR', counter)
  if count == 1 then
    redis.call('PEXPIRE', counter, windowMs)
  end
  if count <= tonumber(limit) then
    return 0
  end
  local ttl = redis.call('PTTL', counter)
  if ttl < 0 then
    redis.call('PEXPIRE', counter, windowMs)
    ttl = tonumber(windowMs)
  end
  return ttl
end
