-- Issuing a code, prepended to issue.lua and request.lua after state.lua. Both take the
-- address's arguments first:
-- ARGV     field, codeHash, codeTtlMs, maxAttempts, cooldownMs, maxPerHour, hourMs,
--          maxPerDay, dayMs, maxFailuresPerDay

-- Whether a limit refuses the address a new code, writing nothing. Returns the refusal:
--   {1, retryAfterMs}  resend cooldown running
--   {2, retryAfterMs}  hourly cap of the address reached
--   {3, retryAfterMs}  daily cap of the address reached
--   {4, retryAfterMs}  the address's daily failure budget is used up: no code until its
--                      daily window ends
-- or nil, the state with the new code in it, and the value it replaces (nil for none).
local function plan_issue(bucket, argv, now)
  local hour, day = tonumber(argv[7]), tonumber(argv[9])
  local before = redis.call('HGET', bucket, argv[1])
  local s = decode(before) or fresh()
  roll_day(s, now, day)
  if s.f >= tonumber(argv[10]) then
    return {4, s.day + day - now}
  end
  if now < s.c then
    return {1, s.c - now}
  end
  if now - s.w >= hour then
    s.w, s.n = now, 0
  end
  if s.n >= tonumber(argv[6]) then
    return {2, s.w + hour - now}
  end
  if s.m >= tonumber(argv[8]) then
    return {3, s.day + day - now}
  end
  s.n, s.m = s.n + 1, s.m + 1
  s.c = now + tonumber(argv[5])
  s.x, s.a, s.h = now + tonumber(argv[3]), tonumber(argv[4]), argv[2]
  return nil, s, before
end

-- Writes the state plan_issue made; returns it encoded.
local function write_issue(bucket, argv, s, now)
  local hour, day = tonumber(argv[7]), tonumber(argv[9])
  local written = encode(s)
  -- The write comes first: on a full Redis it fails (OOM) before anything was removed.
  redis.call('HSET', bucket, argv[1], written)
  keep_alive(bucket, s, now, hour, day)

  -- Drop dead addresses among up to 8 of the bucket, picked at random (all of a bucket
  -- that holds 8 or fewer): a bounded cost per issue however many addresses the bucket
  -- holds. Reading the whole bucket cost 4 us per address (75 us per issue at a million
  -- addresses). Each issue removes a dead address with the chance 8 / size, so in the
  -- steady state at most about one in eight of a large bucket's addresses is dead, even if
  -- every issue is for a new address.
  local sample = redis.call('HRANDFIELD', bucket, 8, 'WITHVALUES')
  for i = 1, #sample, 2 do
    local other = decode(sample[i + 1])
    if not other or now >= alive_until(other, hour, day) then
      redis.call('HDEL', bucket, sample[i])
    end
  end
  return written
end
