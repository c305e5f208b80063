-- Reads a cache value only when it is at most ARGV[1] bytes (STRLEN first), so a huge value
-- written into Redis directly never reaches the gateway.
-- KEYS[1]  the value's key
-- ARGV[1]  the most bytes to read
-- returns  nil when absent; {length} when longer than ARGV[1]; {value, pttl} otherwise
--          (pttl -1 = persistent). WRONGTYPE error on a non-string key.
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return nil
end
if kind ~= 'string' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local length = redis.call('STRLEN', KEYS[1])
if length > tonumber(ARGV[1]) then
  return {length}
end
return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
