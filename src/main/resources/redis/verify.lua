-- Checks a code against an address's pending code: a verification's step on the address's
-- node in a cluster, pipelined with count.lua for the client IP on another node (on one
-- server attempt.lua does both). What it changes and returns: verifying.lua.
-- KEYS[1]  the address's bucket
-- KEYS[2]  the address's reset-token key, in the bucket's hash slot
return verify_code(KEYS[1], KEYS[2], ARGV)
