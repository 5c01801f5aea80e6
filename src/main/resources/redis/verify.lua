-- Checks a code against an address's pending code, using up one attempt when it is wrong.
-- KEYS[1]  the address's bucket (layout in issue.lua)
-- KEYS[2]  the address's reset-token key, in the bucket's hash slot
-- ARGV     field, codeHash, tokenHash, tokenTtlMs, address
-- Returns  {0, 0, written, before, token, tokenBefore, tokenPttlBefore}  verified: code gone, token stored
--          {1, remaining, written, before}                               wrong code, attempts remain
--          {2, 0, written, before}                                       wrong code, that was the last attempt
--          {3}                                                           no pending code
-- written and before let restore.lua undo the change when a per-IP limit refuses the request.
-- The first command that changes anything is a write (SET or HSET that replaces the state
-- whole): on a full Redis it fails with OOM and nothing changes.
local bucket, tokenKey, field = KEYS[1], KEYS[2], ARGV[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local before = redis.call('HGET', bucket, field)
if not before then
  return {3}
end
local f = {}
for part in string.gmatch(before, '[^:]+') do f[#f + 1] = part end
-- f = {w, n, c, x, a, h}, c and x in ms after w (see issue.lua)
if not f[6] or now >= tonumber(f[1]) + tonumber(f[4]) then
  return {3}
end
-- The window and the cooldown outlive the code: they are all that is left after it.
local limiterOnly = table.concat({f[1], f[2], f[3]}, ':')

if f[6] == ARGV[2] then
  local tokenBefore = redis.call('GET', tokenKey)
  local tokenPttl = tokenBefore and redis.call('PTTL', tokenKey) or 0
  -- "<tokenHash>:<address>": the address is what the password service gets back on redeem.
  local token = ARGV[3] .. ':' .. ARGV[5]
  redis.call('SET', tokenKey, token, 'PX', ARGV[4])
  redis.call('HSET', bucket, field, limiterOnly)
  return {0, 0, limiterOnly, before, token, tokenBefore or '', tokenPttl}
end

local remaining = tonumber(f[5]) - 1
if remaining > 0 then
  local written = table.concat({f[1], f[2], f[3], f[4], remaining, f[6]}, ':')
  redis.call('HSET', bucket, field, written)
  return {1, remaining, written, before}
end
redis.call('HSET', bucket, field, limiterOnly)
return {2, 0, limiterOnly, before}
