-- Releases a live lease and wakes the waiters; a lapsed or unknown lease is lost (a no-op).
-- KEYS[1] holders zset   KEYS[2] info hash   KEYS[3] queue list (see acquire.lua)
-- ARGV[1] lease id   ARGV[2] wake-up channel
-- returns  1 released | 0 lost
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[1]
local expires = tonumber(redis.call('ZSCORE', KEYS[1], id))
if not expires then
  return 0
end
redis.call('ZREM', KEYS[1], id)
redis.call('HDEL', KEYS[2], id .. ':token', id .. ':holder', id .. ':ttl')
if expires <= now then
  return 0
end
if redis.call('LLEN', KEYS[3]) > 0 then
  redis.call('PUBLISH', ARGV[2], KEYS[1])
end
return 1
