-- A verification where every key lives on one server (standalone Redis, Sentinel): counts the
-- try against the client IP, then checks the code, in one script; a right code gives the
-- count back (a right code does not count). In a cluster count.lua and verify.lua are
-- pipelined to two nodes, and uncount.lua gives the count back.
-- KEYS     the address's bucket, its reset-token key, the IP's failure counter
-- ARGV     1-8 the address's (verifying.lua), 9 maxFailuresPerIpPerHour
-- Returns  verify_code's reply (verifying.lua), or {4, retryAfterMs} when the IP's cap
--          refuses the try: the code is not looked at
local counter = KEYS[3]
local ipWait = count_event(counter, ARGV[9], ARGV[7])
if ipWait > 0 then
  return {4, ipWait}
end
local reply = verify_code(KEYS[1], KEYS[2], ARGV)
if reply[1] == 0 then
  redis.call('DECR', counter)
end
return reply
