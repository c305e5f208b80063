-- Reads a lease set without changing it; never returns a lease id.
-- KEYS[1] holders zset   KEYS[2] info hash   KEYS[3] fence counter (see acquire.lua)
-- returns  {live leases, permits or nil, first holder text or nil, its fencing token or the last one issued, its ms left}
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')
local permits = redis.call('HGET', KEYS[2], '#permits')
if #live == 0 then
  return {0, permits, false, redis.call('GET', KEYS[3]), 0}
end
local first = live[1]
return {#live / 2, permits, redis.call('HGET', KEYS[2], first .. ':holder'),
        redis.call('HGET', KEYS[2], first .. ':token'), tonumber(live[2]) - now}
