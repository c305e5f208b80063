-- Reads one hash field only when its value is at most ARGV[2] bytes (HSTRLEN first), so a huge
-- value written into Redis directly never reaches the gateway.
-- KEYS[1]  the hash
-- ARGV[1]  the field
-- ARGV[2]  the most bytes to read
-- returns  nil when the hash or the field is absent; {length} when longer than ARGV[2];
--          {value} otherwise. WRONGTYPE error when the key holds another type.
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return nil
end
if kind ~= 'hash' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local length = redis.call('HSTRLEN', KEYS[1], ARGV[1])
if length > tonumber(ARGV[2]) then
  return {length}
end
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then
  return nil
end
return {value}
