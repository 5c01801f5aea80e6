-- Checking a code, prepended to verify.lua and attempt.lua after state.lua. Both take the
-- address's arguments first:
-- ARGV     field, codeHash, tokenHash, tokenTtlMs, sealedAddress, maxFailuresPerDay, hourMs, dayMs

-- Checks a code against an address's pending code. A wrong one uses up an attempt of the
-- code and one of the address's daily failure budget, which counts across all of its
-- codes; a right one resets the budget. State layout: state.lua. Returns
--   {0, 0, written, before, token, tokenBefore, tokenPttlBefore}  verified: code gone, token stored
--   {1, remaining, written, before}   wrong code; remaining: the fewer of the code's
--                                     attempts and the address's budget left
--   {2, 0, written, before, locked}   wrong code, and the last try: the code is gone;
--                                     locked is 1 when the address's budget ran out
--   {3}                               no pending code
-- written and before let restore.lua undo the change when a per-IP limit refuses the request.
-- The first command that changes anything is a write (SET or HSET that replaces the state
-- whole): on a full Redis it fails with OOM and nothing changes.
local function verify_code(bucket, tokenKey, argv)
  local field = argv[1]
  local hour, day = tonumber(argv[7]), tonumber(argv[8])
  local now = now_ms()

  local before = redis.call('HGET', bucket, field)
  local s = decode(before)
  if not s or not code_pending(s, now) then
    return {3}
  end
  roll_day(s, now, day)

  if s.h == argv[2] then
    local tokenBefore = redis.call('GET', tokenKey)
    local tokenPttl = tokenBefore and redis.call('PTTL', tokenKey) or 0
    -- "<tokenHash>:<sealed address>": what the password service gets back on redeem, sealed.
    local token = argv[3] .. ':' .. argv[5]
    redis.call('SET', tokenKey, token, 'PX', argv[4])
    s.f = 0
    drop_code(s)
    local written = encode(s)
    redis.call('HSET', bucket, field, written)
    return {0, 0, written, before, token, tokenBefore or '', tokenPttl}
  end

  s.f, s.a = s.f + 1, s.a - 1
  local budgetLeft = tonumber(argv[6]) - s.f
  if s.a > 0 and budgetLeft > 0 then
    local written = encode(s)
    redis.call('HSET', bucket, field, written)
    keep_alive(bucket, s, now, hour, day)
    return {1, math.min(s.a, budgetLeft), written, before}
  end
  drop_code(s)
  local written = encode(s)
  redis.call('HSET', bucket, field, written)
  keep_alive(bucket, s, now, hour, day)
  return {2, 0, written, before, (budgetLeft <= 0) and 1 or 0}
end
