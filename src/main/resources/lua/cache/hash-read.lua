-- Reads a whole hash only when it fits one page: at most ARGV[1] fields and ARGV[2] bytes (field
-- names plus values), measured with HSTRLEN before any value is read.
-- KEYS[1]  the hash
-- ARGV[1]  the most fields
-- ARGV[2]  the most bytes
-- returns  {} for an absent hash; {0, fields} when it is over either bound;
--          {1, field, value, ...} otherwise. WRONGTYPE error when the key holds another type.
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return {}
end
if kind ~= 'hash' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local count = redis.call('HLEN', KEYS[1])
if count > tonumber(ARGV[1]) then
  return {0, count}
end
local budget = tonumber(ARGV[2])
local bytes = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  bytes = bytes + #field + redis.call('HSTRLEN', KEYS[1], field)
  if bytes > budget then
    return {0, count}
  end
end
local fields = redis.call('HGETALL', KEYS[1])
table.insert(fields, 1, 1)
return fields
