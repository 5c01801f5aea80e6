-- Checks a code against an address's pending code, using up one attempt when it is wrong.
-- KEYS[1]  the address's hash
-- ARGV     codeHash, tokenHash, tokenTtlMs, address
-- Returns  {0, seq, pttlBefore, 0, field, value, ...before}          verified: code gone, token stored
--          {1, seq, pttlBefore, remaining, field, value, ...before}  wrong code, attempts remain
--          {2, seq, pttlBefore, 0, field, value, ...before}          wrong code, that was the last attempt
--          {3}                                                       no pending code
-- The tail lets restore.lua undo the change when a per-IP limit refuses the request.
-- Each branch writes (HSET) before it deletes: on a full Redis the first write fails with
-- OOM, so nothing changes (Redis 6 checks memory at a script's first write, Redis 7 at EVAL).
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local before = redis.call('HGETALL', key)
local f = {}
for i = 1, #before, 2 do f[before[i]] = before[i + 1] end

if not f.h or now >= tonumber(f.x) then
  return {3}
end

local pttlBefore = redis.call('PTTL', key)
local seq = tonumber(f.s or '0') + 1
local outcome
local remaining = 0
if f.h == ARGV[1] then
  outcome = 0
  local tokenExpiry = now + tonumber(ARGV[3])
  redis.call('HSET', key, 'k', ARGV[2], 'y', tokenExpiry, 'e', ARGV[4], 's', seq)
  redis.call('HDEL', key, 'h', 'x', 'a')
  if pttlBefore < 0 or now + pttlBefore < tokenExpiry then
    redis.call('PEXPIREAT', key, tokenExpiry)
  end
else
  remaining = tonumber(f.a) - 1
  if remaining > 0 then
    outcome = 1
    redis.call('HSET', key, 'a', remaining, 's', seq)
  else
    outcome = 2
    remaining = 0
    redis.call('HSET', key, 's', seq)
    redis.call('HDEL', key, 'h', 'x', 'a')
  end
end

local result = {outcome, seq, pttlBefore, remaining}
for i = 1, #before do result[#result + 1] = before[i] end
return result
