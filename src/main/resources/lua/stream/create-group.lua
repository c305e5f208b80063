-- Creates a consumer group on a stream (the stream too, when absent), unless the group exists.
-- KEYS[1]  the stream
-- ARGV[1]  group
-- ARGV[2]  the id the group starts after: 0 (earliest) or $ (latest)
-- Returns 1 when created, 0 when the group existed; other errors (WRONGTYPE) as they are.
local created = redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], ARGV[2], 'MKSTREAM')
if type(created) == 'table' and created.err then
  if string.sub(created.err, 1, 9) == 'BUSYGROUP' then
    return 0
  end
  return created
end
return 1
