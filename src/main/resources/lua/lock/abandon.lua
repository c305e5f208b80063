-- A waiter gives up (its wait ran out or its client left): it leaves the queue, and the next one is woken.
-- KEYS[1] queue list   KEYS[2] waiters zset   KEYS[3] holders zset (the wake-up names it)
-- ARGV[1] lease id   ARGV[2] wake-up channel
-- returns  1 left the queue | 0 was not in it
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if removed > 0 and redis.call('LLEN', KEYS[1]) > 0 then
  redis.call('PUBLISH', ARGV[2], KEYS[3])
end
return removed
