-- Adds a mail job to the outbox stream, trimmed so it cannot grow without bound, and keeps
-- the stream's TTL fresh (every key has one; an idle outbox expires, its group is recreated).
-- KEYS[1]  the outbox stream
-- ARGV     maxLength, ttlMs, addressKeyId, codeHash, sealedPayload
-- Returns  the entry id
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'a', ARGV[3], 'h', ARGV[4], 'p', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return id
