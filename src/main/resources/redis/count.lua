-- Counts one event in a fixed window and says whether the limit is passed.
-- KEYS[1]  the counter
-- ARGV     limit, windowMs
-- Returns  0 within the limit, else the milliseconds until the window ends
return count_event(KEYS[1], ARGV[1], ARGV[2])
