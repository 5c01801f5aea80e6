-- Adds a mail job to the outbox stream, unless the stream already holds maxDepth
-- undelivered jobs: the queue never drops a mail to make room, it refuses the new one (the
-- caller takes its code back and answers 503). Done jobs are deleted, so XLEN counts
-- exactly the undelivered ones. Keeps the stream's TTL fresh (every key has one; an idle
-- outbox expires, and its group is created again).
-- KEYS[1]  the outbox stream
-- ARGV     maxDepth, ttlMs, addressKeyId, codeHash, sealedPayload
-- Returns  the entry id, or 'full'
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  return 'full'
end
local id = redis.call('XADD', KEYS[1], '*', 'a', ARGV[3], 'h', ARGV[4], 'p', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return id
