-- Writes several cache values all-or-nothing: every key is checked before any is written.
-- KEYS[1..n]  the values' keys
-- ARGV[2i-1]  the value bytes of KEYS[i]
-- ARGV[2i]    its TTL in milliseconds, '0' = persistent
-- returns     the number of values written; WRONGTYPE error (nothing written) if a key holds another type
for i = 1, #KEYS do
  local kind = redis.call('TYPE', KEYS[i])['ok']
  if kind ~= 'none' and kind ~= 'string' then
    return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
  end
end
for i = 1, #KEYS do
  local ttl = ARGV[2 * i]
  if ttl == '0' then
    redis.call('SET', KEYS[i], ARGV[2 * i - 1])
  else
    redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ttl)
  end
end
return #KEYS
