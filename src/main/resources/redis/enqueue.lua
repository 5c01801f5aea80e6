-- Adds a mail job to the outbox stream, unless it already holds maxDepth undelivered jobs:
-- a code request's second step in a cluster, after issue.lua on the address's node (on one
-- server request.lua does both).
-- KEYS[1]  the outbox stream
-- ARGV     maxDepth, ttlMs, addressKeyId, codeHash, sealedPayload
-- Returns  the entry id, or 'full'
if outbox_full(KEYS[1], ARGV[1]) then
  return 'full'
end
return add_job(KEYS[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])
