-- Replaces an address's pending code, unless a limit says no: a code request's step on the
-- address's node in a cluster, where the per-IP counter and the outbox live on other nodes
-- (on one server request.lua does all three). State layout: state.lua; the limits and
-- ARGV: issuing.lua.
-- KEYS[1]  the address's bucket
-- Returns  {0, written, before}  issued; written and before ('' for none) let restore.lua undo it
--          {1..4, retryAfterMs}  refused by one of the address's limits (issuing.lua)
local now = now_ms()
local refusal, s, before = plan_issue(KEYS[1], ARGV, now)
if refusal then
  return refusal
end
return {0, write_issue(KEYS[1], ARGV, s, now), before or ''}
