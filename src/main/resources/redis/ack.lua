-- Marks a mail job done: acknowledged in the group and deleted from the stream, so the
-- stream holds only work still to do.
-- KEYS[1]  the outbox stream
-- ARGV     group, entry id
-- Returns  1 if this caller acknowledged it, 0 if someone else had already
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return acked
