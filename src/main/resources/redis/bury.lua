-- Moves a mail job that cannot be delivered to the dead-letter stream, in one step with
-- acknowledging it, so it is neither lost nor retried again. The dead-letter stream is
-- never trimmed (ops empty it once handled); it expires ttlMs after its last write.
-- KEYS[1]  the outbox stream
-- KEYS[2]  the dead-letter stream
-- ARGV     group, entry id, ttlMs, reason
-- Returns  1 buried, 0 already handled elsewhere
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #entry == 0 or #pending == 0 then
  return 0
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'deliveries', pending[1][4], 'reason', ARGV[4],
  unpack(entry[1][2]))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
