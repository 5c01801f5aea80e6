-- Undoes issue.lua or verify.lua when a per-IP limit, checked in the same round trip on
-- another hash slot, refused the request. Only if nothing changed the address since: its
-- state is still exactly what the change wrote (attempts only go down and every code has a
-- new HMAC, so an older state never comes back by chance).
-- KEYS[1]  the address's bucket
-- KEYS[2]  the address's reset-token key
-- ARGV     field, written, before ('' for none), token written ('' for none),
--          token before ('' for none), token's PTTL before
-- Returns  1 restored, 0 left alone
local bucket, tokenKey, field = KEYS[1], KEYS[2], ARGV[1]
if redis.call('HGET', bucket, field) ~= ARGV[2] then
  return 0
end
if ARGV[3] == '' then
  redis.call('HDEL', bucket, field)
else
  redis.call('HSET', bucket, field, ARGV[3])
end
if ARGV[4] ~= '' and redis.call('GET', tokenKey) == ARGV[4] then
  if ARGV[5] == '' then
    redis.call('DEL', tokenKey)
  else
    redis.call('SET', tokenKey, ARGV[5], 'PX', math.max(tonumber(ARGV[6]), 1))
  end
end
return 1
