-- Marks mail jobs done: acknowledged in the group and deleted from the stream, so the
-- stream holds only work still to do.
-- KEYS[1]  the outbox stream
-- ARGV     group, then one or more entry ids
-- Returns  how many of them this caller acknowledged (others had been acknowledged before)
local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
return acked
