-- GCRA (generic cell rate algorithm): may one more request of a principal in a namespace go now?
-- The key holds the theoretical arrival time (TAT, microseconds of Redis's clock, so every replica agrees);
-- it expires when the principal's allowance is full again, so an idle principal costs no memory.
-- KEYS[1] the principal's state in the namespace, hash-tagged {<ns>:<principal>}
-- ARGV[1] emission interval: microseconds per request (period / count)
-- ARGV[2] burst: the most requests allowed at once
-- returns {allowed 1|0, remaining requests now, microseconds until a request is allowed (0 if allowed),
--          microseconds until the full burst is available again}
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((now - allow_at) / interval), 0, new_tat - now}
