-- Takes back one event that count.lua counted, for a request that failed after all. Only
-- while the window runs: a DECR on an expired counter would create a key without a TTL.
-- KEYS[1]  the counter
-- Returns  the count now, or -1 if the window had ended
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
return redis.call('DECR', KEYS[1])
