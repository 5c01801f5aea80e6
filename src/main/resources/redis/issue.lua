-- Replaces an address's pending code, unless its cooldown or hourly cap says no.
-- KEYS[1]  the address's hash
-- ARGV     codeHash, codeTtlMs, maxAttempts, cooldownMs, maxPerWindow, windowMs
-- Returns  {0, seq, pttlBefore, field, value, ...before}  issued; the tail undoes it (restore.lua)
--          {1, retryAfterMs}                               cooldown running
--          {2, retryAfterMs}                               hourly cap of the address reached
-- Time is Redis server time, so every service instance agrees on windows and expiry.
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local before = redis.call('HGETALL', key)
local f = {}
for i = 1, #before, 2 do f[before[i]] = before[i + 1] end

local cooldownUntil = tonumber(f.c or '0')
if now < cooldownUntil then
  return {1, cooldownUntil - now}
end

local window = tonumber(ARGV[6])
local windowStart = tonumber(f.w or '0')
local count = tonumber(f.n or '0')
if now - windowStart >= window then
  windowStart = now
  count = 0
end
if count >= tonumber(ARGV[5]) then
  return {2, windowStart + window - now}
end

local pttlBefore = redis.call('PTTL', key)
local seq = tonumber(f.s or '0') + 1
local codeExpiry = now + tonumber(ARGV[2])
local cooldownEnd = now + tonumber(ARGV[4])
redis.call('HSET', key, 'h', ARGV[1], 'x', codeExpiry, 'a', ARGV[3], 'c', cooldownEnd,
  'w', windowStart, 'n', count + 1, 's', seq)
redis.call('PEXPIREAT', key, math.max(codeExpiry, cooldownEnd, windowStart + window, tonumber(f.y or '0')))

local result = {0, seq, pttlBefore}
for i = 1, #before do result[#result + 1] = before[i] end
return result
