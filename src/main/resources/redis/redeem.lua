-- Removes an address's reset token if it is the one given (and alive: the key's TTL is the
-- token's life, so an expired token is simply not there). During a secret rotation the
-- token's hash under each accepted secret is given.
-- KEYS[1]  the address's reset-token key, holding "<tokenHash>:<sealed address>"
-- ARGV     tokenHash...
-- Returns  {1, sealedAddress}  redeemed (exactly once)
--          {0}                 unknown, expired or already redeemed
local stored = redis.call('GET', KEYS[1])
if not stored then
  return {0}
end
for _, hash in ipairs(ARGV) do
  local prefix = hash .. ':'
  if string.sub(stored, 1, #prefix) == prefix then
    redis.call('DEL', KEYS[1])
    return {1, string.sub(stored, #prefix + 1)}
  end
end
return {0}
