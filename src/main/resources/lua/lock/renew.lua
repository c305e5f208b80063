-- Extends a live lease; a lapsed or unknown lease stays lost (renewing after expiry is a no-op).
-- KEYS[1] holders zset   KEYS[2] info hash (see acquire.lua)
-- ARGV[1] lease id   ARGV[2] new ttl ms ('0' = the lease's own ttl)
-- returns  {fencing token, expiry ms, ttl ms} | 0 lost
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = ARGV[1]
local expires = tonumber(redis.call('ZSCORE', KEYS[1], id))
if not expires or expires <= now then
  return 0
end
local ttl = tonumber(ARGV[2])
if ttl == 0 then
  ttl = tonumber(redis.call('HGET', KEYS[2], id .. ':ttl'))
end
redis.call('ZADD', KEYS[1], now + ttl, id)
redis.call('HSET', KEYS[2], id .. ':ttl', ttl)
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
redis.call('PEXPIREAT', KEYS[1], last)
redis.call('PEXPIREAT', KEYS[2], last)
return {tonumber(redis.call('HGET', KEYS[2], id .. ':token')), now + ttl, ttl}
