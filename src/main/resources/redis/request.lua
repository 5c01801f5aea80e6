-- A code request where every key lives on one server (standalone Redis, Sentinel): counts
-- the client IP, replaces the address's code and queues its mail, all or nothing, in one
-- round trip. In a cluster the three keys live on different nodes, and count.lua with
-- issue.lua, then enqueue.lua, do it in two (undoing the address's change when a later
-- step says no).
-- KEYS     the address's bucket, the IP's request counter, the outbox stream
-- ARGV     1-10 the address's (issuing.lua), 11 maxPerIpPerHour, 12 maxDepth,
--          13 outboxTtlMs, 14 addressKeyId, 15 sealedPayload (ARGV[2], the code's hash,
--          goes into the job too)
-- Returns  {0}                   issued, and its mail queued
--          {1..4, retryAfterMs}  refused by one of the address's limits (issuing.lua)
--          {5, retryAfterMs}     refused by the IP's hourly cap
--          {6}                   the outbox is full: nothing changed, the IP's count given back
local bucket, counter, stream = KEYS[1], KEYS[2], KEYS[3]
local ipWait = count_event(counter, ARGV[11], ARGV[7])
if ipWait > 0 then
  return {5, ipWait}
end
local now = now_ms()
local refusal, s = plan_issue(bucket, ARGV, now)
if refusal then
  return refusal
end
if outbox_full(stream, ARGV[12]) then
  redis.call('DECR', counter)
  return {6}
end
write_issue(bucket, ARGV, s, now)
add_job(stream, ARGV[13], ARGV[14], ARGV[2], ARGV[15])
return {0}
