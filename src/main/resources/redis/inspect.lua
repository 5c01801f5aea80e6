-- Metadata of an address's state for operators: never a hash of a code or token.
-- KEYS[1]  the address's hash
-- Returns  {exists, now, codeExpiry, attemptsLeft, cooldownUntil, windowStart, count, tokenExpiry}
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local v = redis.call('HMGET', key, 'x', 'a', 'c', 'w', 'n', 'y')
local exists = redis.call('EXISTS', key)
return {exists, now, tonumber(v[1] or '0'), tonumber(v[2] or '0'), tonumber(v[3] or '0'),
  tonumber(v[4] or '0'), tonumber(v[5] or '0'), tonumber(v[6] or '0')}
