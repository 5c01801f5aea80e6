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

-- Drop dead addresses among up to 8 of the bucket, picked at random (all of a bucket that
-- holds 8 or fewer): a bounded cost per issue however many addresses the bucket holds.
-- Reading the whole bucket cost 4 us per address (75 us per issue at a million addresses).
-- Each issue removes a dead address with the chance 8 / size, so in the steady state at
-- most about one in eight of a large bucket's addresses is dead, even if every issue is for
-- a new address.
local sample = redis.call('HRANDFIELD', bucket, 8, 'WITHVALUES')
for i = 1, #sample, 2 do
  local other = decode(sample[i + 1])
  if not other or now >= alive_until(other, hour, day) then
    redis.call('HDEL', bucket, sample[i])
  end
end

return {0, written, before or ''}
