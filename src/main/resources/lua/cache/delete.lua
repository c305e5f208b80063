-- Deletes a cache value, checking an If-Match precondition in the same atomic step.
-- KEYS[1]  the value's key
-- ARGV[1]  precondition: 'any' | 'match' (If-Match: etags)
-- ARGV[2..] the SHA-1 hex etags named by 'match' ('*' matches any current value)
-- returns  1 deleted, 0 no such key, -1 precondition failed; WRONGTYPE error on a non-string key
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return 0
end
if kind ~= 'string' then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
if ARGV[1] == 'match' then
  local etag = redis.sha1hex(redis.call('GET', KEYS[1]))
  local matched = false
  for i = 2, #ARGV do
    if ARGV[i] == etag or ARGV[i] == '*' then matched = true end
  end
  if not matched then
    return -1
  end
end
redis.call('DEL', KEYS[1])
return 1
