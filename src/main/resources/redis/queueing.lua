-- The outbox stream, prepended to enqueue.lua and request.lua. The queue never drops a mail
-- to make room: a full one refuses the new mail (its code is not issued, and the caller
-- answers 503). Done jobs are deleted, so XLEN counts exactly the undelivered ones.

local function outbox_full(stream, maxDepth)
  return redis.call('XLEN', stream) >= tonumber(maxDepth)
end

-- Adds a job and keeps the stream's TTL fresh (every key has one; an idle outbox expires,
-- and its group is created again). Returns the entry id.
local function add_job(stream, ttlMs, addressKeyId, codeHash, sealedPayload)
  local id = redis.call('XADD', stream, '*', 'a', addressKeyId, 'h', codeHash, 'p', sealedPayload)
  redis.call('PEXPIRE', stream, ttlMs)
  return id
end
