-- Removes an address's reset token if it is the one given (and alive: the key's TTL is the
-- token's life, so an expired token is simply not there).
-- KEYS[1]  the address's reset-token key, holding "<tokenHash>:<address>"
-- ARGV     tokenHash
-- Returns  {1, address}  redeemed (exactly once)
--          {0}           unknown, expired or already redeemed
local stored = redis.call('GET', KEYS[1])
local prefix = ARGV[1] .. ':'
if not stored or string.sub(stored, 1, #prefix) ~= prefix then
  return {0}
end
redis.call('DEL', KEYS[1])
return {1, string.sub(stored, #prefix + 1)}
