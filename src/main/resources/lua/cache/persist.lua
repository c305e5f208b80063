-- Removes the TTL of a value, telling a missing key apart from one that had no TTL.
-- KEYS[1]  the value's key
-- returns  1 if the key exists (now persistent), 0 if there is no such key
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('PERSIST', KEYS[1])
return 1
