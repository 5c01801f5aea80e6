-- Gives mail jobs to a consumer if each has been idle at least minIdleMs (XCLAIM JUSTID:
-- the delivery count stays, the idle time starts again). Two uses: a failed job parked
-- until its backoff ends (minIdle 0), and a claimer taking over a job whose backoff has
-- ended (a failed one, or one left by a dead instance). A job being sent is renewed
-- (renew.lua) more often than any backoff, so no claimer takes it meanwhile.
-- KEYS[1]  the outbox stream
-- ARGV     group, consumer, minIdleMs, id...
-- Returns  the ids given
local command = {'XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3]}
for i = 4, #ARGV do
  command[#command + 1] = ARGV[i]
end
command[#command + 1] = 'JUSTID'
return redis.call(unpack(command))
