-- Replaces or merges the fields of a hash in one atomic step.
-- KEYS[1]   the hash's key
-- ARGV[1]   'replace' (the hash becomes exactly these fields) | 'merge' (set these, keep the rest)
-- ARGV[2..] field, value pairs; in 'merge' a pair whose value is the empty marker ARGV[#ARGV] deletes the field
--           (ARGV[#ARGV] is always the marker, never a field)
-- returns   1 if the key existed before, 0 if not; WRONGTYPE error on a non-hash key
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' and kind ~= 'hash' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local marker = ARGV[#ARGV]
if ARGV[1] == 'replace' then
  redis.call('DEL', KEYS[1])
end
for i = 2, #ARGV - 1, 2 do
  if ARGV[i + 1] == marker then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
if kind == 'hash' then
  return 1
end
return 0
