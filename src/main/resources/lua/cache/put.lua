-- Writes a cache value, checking the HTTP precondition in the same atomic step.
-- KEYS[1]  the value's key
-- ARGV[1]  the value bytes
-- ARGV[2]  TTL in milliseconds, '0' = persistent
-- ARGV[3]  precondition: 'any' | 'absent' (If-None-Match: *) | 'present' (If-Match: *)
--          | 'match' (If-Match: etags) | 'mismatch' (If-None-Match: etags)
-- ARGV[4..] the SHA-1 hex etags named by 'match' / 'mismatch'
-- returns  1 created, 2 replaced, 0 precondition failed; WRONGTYPE error on a non-string key
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' and kind ~= 'string' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local exists = kind == 'string'
local mode = ARGV[3]
if (mode == 'absent' and exists) or (mode == 'present' and not exists) then
  return 0
end
if mode == 'match' or mode == 'mismatch' then
  local matched = false
  if exists then
    local etag = redis.sha1hex(redis.call('GET', KEYS[1]))
    for i = 4, #ARGV do
      if ARGV[i] == etag then matched = true end
    end
  end
  if (mode == 'match') ~= matched then
    return 0
  end
end
if ARGV[2] == '0' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
if exists then
  return 2
end
return 1
