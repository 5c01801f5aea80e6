-- Moves a mail job that failed too often to the dead-letter stream, in one step with
-- acknowledging it, so it is neither lost nor retried again.
-- KEYS[1]  the outbox stream
-- KEYS[2]  the dead-letter stream
-- ARGV     group, entry id, deadMaxLength, ttlMs, deliveries, reason
-- Returns  1 buried, 0 already handled elsewhere
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #entry == 0 or redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
local fields = entry[1][2]
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'id', ARGV[2], 'deliveries', ARGV[5],
  'reason', ARGV[6], unpack(fields))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
