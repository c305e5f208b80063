-- Claims an idempotency key for a first call, or returns what the key holds (SET NX GET, also on Redis 6).
-- KEYS[1] the idempotency key
-- ARGV[1] the in-flight record (JSON)   ARGV[2] how long it holds the key without an outcome, ms
-- returns  nil claimed | the record the key holds
local held = redis.call('GET', KEYS[1])
if held then
  return held
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
