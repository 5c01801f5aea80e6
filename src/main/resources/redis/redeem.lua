-- Removes an address's reset token if it is the one given and still alive.
-- KEYS[1]  the address's hash
-- ARGV     tokenHash
-- Returns  {1, address}  redeemed (exactly once)
--          {0}           unknown, expired or already redeemed
local key = KEYS[1]
local stored = redis.call('HMGET', key, 'k', 'y', 'e')
if not stored[1] or stored[1] ~= ARGV[1] then
  return {0}
end
redis.call('HDEL', key, 'k', 'y', 'e')
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if now >= tonumber(stored[2]) then
  return {0}
end
return {1, stored[3]}
