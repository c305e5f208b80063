-- Takes one of a lease set's permits for a caller, in arrival order: a lock is a set of one permit.
-- KEYS[1] holders: zset lease id -> expiry (ms, Redis clock)
-- KEYS[2] info: hash '<id>:token' | '<id>:holder' | '<id>:ttl' per lease, '#permits'
-- KEYS[3] fence: the last fencing token, never expires; a token is at least Redis's clock in
--         microseconds, so tokens keep increasing even when Redis lost this key (FLUSHALL, restart)
-- KEYS[4] queue: list of waiting lease ids, oldest first
-- KEYS[5] waiters: zset waiting lease id -> time it is given up unless its gateway refreshes it
-- ARGV[1] lease id   ARGV[2] ttl ms   ARGV[3] permits   ARGV[4] holder text
-- ARGV[5] waiter ttl ms ('0' = do not queue)   ARGV[6] wake-up channel
-- returns  {1, fencing token, expiry ms} granted | {0, ms until a permit may be free} | {-1, permits in use}
-- At maxmemory (OOM) Redis refuses only a script's first write that may grow memory: without this
-- one first, a lapsed holder's cleanup would let a grant through while every renewal (renew.lua
-- writes first with ZADD) is refused. INCRBY 0 changes nothing (the fence key never expires).
redis.call('INCRBY', KEYS[3], 0)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id, ttl, permits = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

-- lapsed holders free their permits
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  redis.call('HDEL', KEYS[2], gone .. ':token', gone .. ':holder', gone .. ':ttl')
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = redis.call('ZCARD', KEYS[1])
local inUse = tonumber(redis.call('HGET', KEYS[2], '#permits'))
if held > 0 and inUse and inUse ~= permits then
  return {-1, inUse}
end

-- waiters no gateway refreshes any more (it stopped, or its client left) leave the head of the queue
while true do
  local head = redis.call('LINDEX', KEYS[4], 0)
  if not head then break end
  local givenUp = tonumber(redis.call('ZSCORE', KEYS[5], head))
  if givenUp and givenUp > now then break end
  redis.call('LPOP', KEYS[4])
  redis.call('ZREM', KEYS[5], head)
end

local position = redis.call('LPOS', KEYS[4], id)
local ahead = position or redis.call('LLEN', KEYS[4])
if held + ahead < permits then
  if position then
    redis.call('LREM', KEYS[4], 1, id)
    redis.call('ZREM', KEYS[5], id)
    -- more permits free: the next waiter need not wait for a release
    if held + 1 < permits and redis.call('LLEN', KEYS[4]) > 0 then
      redis.call('PUBLISH', ARGV[6], KEYS[1])
    end
  end
  local token = redis.call('INCR', KEYS[3])
  local clock = t[1] .. string.format('%06d', tonumber(t[2]))
  if token < tonumber(clock) then
    redis.call('SET', KEYS[3], clock)
    token = tonumber(clock)
  end
  local expires = now + ttl
  redis.call('ZADD', KEYS[1], expires, id)
  -- formatted: a Lua number passed as is would be written with 14 significant digits
  redis.call('HSET', KEYS[2], id .. ':token', string.format('%d', token), id .. ':holder', ARGV[4], id .. ':ttl', ttl, '#permits', permits)
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
  redis.call('PEXPIREAT', KEYS[1], last)
  redis.call('PEXPIREAT', KEYS[2], last)
  return {1, token, expires}
end

local waiterTtl = tonumber(ARGV[5])
if waiterTtl > 0 then
  if not position then
    redis.call('RPUSH', KEYS[4], id)
  end
  redis.call('ZADD', KEYS[5], now + waiterTtl, id)
  local last = redis.call('ZRANGE', KEYS[5], -1, -1, 'WITHSCORES')[2]
  redis.call('PEXPIREAT', KEYS[4], last)
  redis.call('PEXPIREAT', KEYS[5], last)
end
-- without a wake-up, look again when the first permit lapses or the waiter at the head is given up
if held >= permits then
  return {0, tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) - now}
end
return {0, tonumber(redis.call('ZSCORE', KEYS[5], redis.call('LINDEX', KEYS[4], 0))) - now}
