-- Removes everything stored for one address: its state in the bucket and its reset token.
-- KEYS[1]  the address's bucket
-- KEYS[2]  the address's reset-token key
-- ARGV     field
-- Returns  how many of the two were there
return redis.call('HDEL', KEYS[1], ARGV[1]) + redis.call('DEL', KEYS[2])
