-- Says whether a code is still the address's pending code: not replaced, used, exhausted
-- or expired. The outbox asks before mailing, so a stale mail is never sent.
-- KEYS[1]  the address's hash
-- ARGV     codeHash
-- Returns  1 pending, 0 not
local stored = redis.call('HMGET', KEYS[1], 'h', 'x')
if stored[1] ~= ARGV[1] then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if now >= tonumber(stored[2]) then
  return 0
end
return 1
