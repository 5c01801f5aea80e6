-- Replaces an address's pending code, unless a limit says no. State layout: state.lua.
-- KEYS[1]  the address's bucket
-- ARGV     field, codeHash, codeTtlMs, maxAttempts, cooldownMs, maxPerHour, hourMs,
--          maxPerDay, dayMs, maxFailuresPerDay
-- Returns  {0, written, before}  issued; written and before ('' for none) let restore.lua undo it
--          {1, retryAfterMs}     resend cooldown running
--          {2, retryAfterMs}     hourly cap of the address reached
--          {3, retryAfterMs}     daily cap of the address reached
--          {4, retryAfterMs}     the address's daily failure budget is used up: no code until
--                                its daily window ends
local bucket, field = KEYS[1], ARGV[1]
local hour, day = tonumber(ARGV[7]), tonumber(ARGV[9])
local now = now_ms()

local before = redis.call('HGET', bucket, field)
local s = decode(before) or fresh()
roll_day(s, now, day)
if s.f >= tonumber(ARGV[10]) then
  return {4, s.day + day - now}
end
if now < s.c then
  return {1, s.c - now}
end
if now - s.w >= hour then
  s.w, s.n = now, 0
end
if s.n >= tonumber(ARGV[6]) then
  return {2, s.w + hour - now}
end
if s.m >= tonumber(ARGV[8]) then
  return {3, s.day + day - now}
end

s.n, s.m = s.n + 1, s.m + 1
s.c = now + tonumber(ARGV[5])
s.x, s.a, s.h = now + tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[2]
local written = encode(s)
-- The write comes first: on a full Redis it fails (OOM) before anything was removed.
redis.call('HSET', bucket, field, written)
keep_alive(bucket, s, now, hour, day)

-- Drop the bucket's dead addresses (a few dozen at most, so this stays cheap).
local all = redis.call('HGETALL', bucket)
for i = 1, #all, 2 do
  local other = decode(all[i + 1])
  if not other or now >= alive_until(other, hour, day) then
    redis.call('HDEL', bucket, all[i])
  end
end

return {0, written, before or ''}
