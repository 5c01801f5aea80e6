-- Says whether a code is still the address's pending code: not replaced, used, exhausted
-- or expired. The outbox asks before mailing, so a stale mail is never sent.
-- KEYS[1]  the address's bucket (layout in issue.lua)
-- ARGV     field, codeHash
-- Returns  1 pending, 0 not
local state = redis.call('HGET', KEYS[1], ARGV[1])
if not state then
  return 0
end
local f = {}
for part in string.gmatch(state, '[^:]+') do f[#f + 1] = part end
-- f = {w, n, c, x, a, h}, x in ms after w; x, a, h only while a code is pending
if f[6] ~= ARGV[2] then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if now >= tonumber(f[1]) + tonumber(f[4]) then
  return 0
end
return 1
