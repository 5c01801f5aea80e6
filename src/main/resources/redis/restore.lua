-- Undoes issue.lua or verify.lua when a per-IP limit, checked in the same round trip on
-- another hash slot, refused the request. Only if nothing changed the hash since.
-- KEYS[1]  the address's hash
-- ARGV     seq written by the change to undo, pttl before it, field, value, ...before
-- Returns  1 restored, 0 left alone
local key = KEYS[1]
if redis.call('HGET', key, 's') ~= ARGV[1] then
  return 0
end
redis.call('DEL', key)
if #ARGV > 2 then
  redis.call('HSET', key, unpack(ARGV, 3))
  local pttl = tonumber(ARGV[2])
  if pttl > 0 then
    redis.call('PEXPIRE', key, pttl)
  else
    redis.call('PEXPIRE', key, 3600000)
  end
end
return 1
