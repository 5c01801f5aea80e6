-- Replaces an address's pending code, unless its cooldown or hourly cap says no.
-- KEYS[1]  the address's bucket: a hash of up to ~100 addresses (see ResetCodeKeys)
-- ARGV     field, codeHash, codeTtlMs, maxAttempts, cooldownMs, maxPerWindow, windowMs
-- Returns  {0, written, before}  issued; written and before (or '') let restore.lua undo it
--          {1, retryAfterMs}     cooldown running
--          {2, retryAfterMs}     hourly cap of the address reached
--
-- An address's state is one string in the bucket, "w:n:c[:x:a:h]" (why: a few dozen bytes in
-- a listpack instead of a key with its own dict entry, expiry entry and hash):
--   w  start of the hourly window, ms (Redis server time, so every instance agrees)
--   n  codes issued in that window
--   c  end of the resend cooldown, ms after w
--   x  expiry of the pending code, ms after w      } only while a code is pending
--   a  attempts left                                }
--   h  HMAC of the pending code (12 base64 chars)   }
-- Fields have no TTL of their own: the bucket's TTL covers its longest-lived address, and
-- each issue removes the addresses in its bucket that nothing keeps alive any more.
local bucket, field = KEYS[1], ARGV[1]
local window = tonumber(ARGV[7])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- {w, n, c, x, a, h} with c and x as absolute ms; x, a, h nil when no code is pending.
local function decode(value)
  local f = {}
  for part in string.gmatch(value, '[^:]+') do f[#f + 1] = part end
  local w = tonumber(f[1])
  return w, tonumber(f[2]), w + tonumber(f[3]), f[4] and w + tonumber(f[4]), tonumber(f[5]), f[6]
end

-- The last moment anything in the state matters: window, cooldown or code.
local function aliveUntil(value)
  local w, _, c, x = decode(value)
  return math.max(w + window, c, x or 0)
end

local before = redis.call('HGET', bucket, field)
local w, n, c = 0, 0, 0
if before then
  w, n, c = decode(before)
end
if now < c then
  return {1, c - now}
end
if now - w >= window then
  w, n = now, 0
end
if n >= tonumber(ARGV[6]) then
  return {2, w + window - now}
end

local x = now + tonumber(ARGV[3])
local cooldownEnd = now + tonumber(ARGV[5])
local written = table.concat({w, n + 1, cooldownEnd - w, x - w, ARGV[4], ARGV[2]}, ':')
-- The write comes first: on a full Redis it fails (OOM) before anything was removed.
redis.call('HSET', bucket, field, written)
local keepUntil = math.max(w + window, cooldownEnd, x)
local pttl = redis.call('PTTL', bucket)
if pttl < 0 or now + pttl < keepUntil then
  redis.call('PEXPIREAT', bucket, keepUntil)
end

-- Drop the bucket's dead addresses (a few dozen at most, so this stays cheap).
local all = redis.call('HGETALL', bucket)
for i = 1, #all, 2 do
  if now >= aliveUntil(all[i + 1]) then
    redis.call('HDEL', bucket, all[i])
  end
end

return {0, written, before or ''}
