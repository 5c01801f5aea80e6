-- Creates the outbox stream and its consumer group if missing (first start, or after the
-- stream expired), with the stream's TTL, in one step.
-- KEYS[1]  the outbox stream
-- ARGV     group, ttlMs
-- Returns  1 created, 0 existed
local groups = {}
if redis.call('EXISTS', KEYS[1]) == 1 then
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
    for i = 1, #info, 2 do
      if info[i] == 'name' and info[i + 1] == ARGV[1] then
        return 0
      end
    end
  end
end
redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
