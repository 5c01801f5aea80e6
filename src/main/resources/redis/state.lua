-- An address's state, prepended to every script that reads it (issue, verify, pending,
-- inspect, revoke), so the layout is decoded in one place. One string per address in its
-- bucket (a hash of up to ~100 addresses, see ResetCodeKeys), "w:n:c:d:m:f[:x:a:h]": a few
-- dozen bytes in a listpack instead of a key with its own dict entry, expiry and hash.
--   w  start of the hourly window, ms (Redis server time, so every instance agrees)
--   n  codes issued in that window
--   c  end of the resend cooldown, ms after w
--   d  start of the daily window, ms before w (negative if it started after w)
--   m  codes issued in the daily window
--   f  failed verifications in the daily window, across all of the address's codes
--   x  expiry of the pending code, ms after w      } only while a code is pending
--   a  attempts left on it                          }
--   h  HMAC of the pending code (12 base64 chars)   }
-- Fields have no TTL of their own: the bucket's TTL covers its longest-lived address, and
-- each issue removes those of a sample of its bucket that nothing keeps alive any more.

local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function fresh()
  return {w = 0, n = 0, c = 0, day = 0, m = 0, f = 0}
end

-- The state with absolute times (w, c, day, x), nil for a value in another layout. One
-- pattern match: string.gmatch and a table of parts cost Redis twice as much.
local function decode(value)
  if not value then
    return nil
  end
  local w, n, c, d, m, f, x, a, h = string.match(value,
    '^(%-?%d+):(%-?%d+):(%-?%d+):(%-?%d+):(%-?%d+):(%-?%d+):?(%-?%d*):?(%-?%d*):?([^:]*)$')
  if not w then
    return nil
  end
  w = tonumber(w)
  local s = {w = w, n = tonumber(n), c = w + tonumber(c), day = w - tonumber(d), m = tonumber(m), f = tonumber(f)}
  if h ~= '' then
    if x == '' or a == '' then
      return nil
    end
    s.x, s.a, s.h = w + tonumber(x), tonumber(a), h
  elseif x ~= '' or a ~= '' then
    return nil
  end
  return s
end

local function encode(s)
  local parts = {s.w, s.n, s.c - s.w, s.w - s.day, s.m, s.f}
  if s.h then
    parts[7], parts[8], parts[9] = s.x - s.w, s.a, s.h
  end
  return table.concat(parts, ':')
end

local function code_pending(s, now)
  return s.h ~= nil and now < s.x
end

local function drop_code(s)
  s.x, s.a, s.h = nil, nil, nil
end

-- A new daily window once the last one is over: its codes and failures no longer count.
local function roll_day(s, now, dayMs)
  if now - s.day >= dayMs then
    s.day, s.m, s.f = now, 0, 0
  end
end

-- The last moment anything in the state matters: window, cooldown, code or daily counts.
local function alive_until(s, hourMs, dayMs)
  local last = math.max(s.w + hourMs, s.c, s.x or 0)
  if s.m > 0 or s.f > 0 then
    last = math.max(last, s.day + dayMs)
  end
  return last
end

-- Stretches the bucket's TTL to cover the state just written (never shortens it).
local function keep_alive(bucket, s, now, hourMs, dayMs)
  local keepUntil = alive_until(s, hourMs, dayMs)
  local pttl = redis.call('PTTL', bucket)
  if pttl < 0 or now + pttl < keepUntil then
    redis.call('PEXPIREAT', bucket, keepUntil)
  end
end

-- The script proper follows.
