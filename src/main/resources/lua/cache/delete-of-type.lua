-- Deletes a key only when it holds the expected Redis type.
-- KEYS[1]  the key
-- ARGV[1]  the expected type ('hash', 'list', 'set', 'zset')
-- returns  1 deleted, 0 no such key; WRONGTYPE error when it holds another type
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return 0
end
if kind ~= ARGV[1] then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
return redis.call('DEL', KEYS[1])
