-- Renews a worker's hold on the mail jobs it has read and not finished: their idle time
-- starts again, so no claimer takes one that is still being sent. Only the jobs still its
-- own: one it has just parked, finished or lost to a claimer is left alone (renewing it
-- would take it back).
-- KEYS[1]  the outbox stream
-- ARGV     group, consumer, id...
-- Returns  the ids renewed
local renewed = {}
for i = 3, #ARGV do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2]) == 1 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed[#renewed + 1] = ARGV[i]
  end
end
return renewed
