-- Metadata of an address's state for operators: never a hash of a code or token.
-- KEYS[1]  the address's bucket (layout in issue.lua)
-- KEYS[2]  the address's reset-token key
-- ARGV     field
-- Returns  {exists, now, codeExpiry, attemptsLeft, cooldownUntil, windowStart, count, tokenExpiry}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local value = redis.call('HGET', KEYS[1], ARGV[1])
local tokenPttl = redis.call('PTTL', KEYS[2])
local tokenExpiry = (tokenPttl > 0) and now + tokenPttl or 0
if not value then
  return {(tokenExpiry > 0) and 1 or 0, now, 0, 0, 0, 0, 0, tokenExpiry}
end
local f = {}
for part in string.gmatch(value, '[^:]+') do f[#f + 1] = part end
local w = tonumber(f[1])
return {1, now, f[4] and w + tonumber(f[4]) or 0, tonumber(f[5] or '0'), w + tonumber(f[3]), w,
  tonumber(f[2]), tokenExpiry}
