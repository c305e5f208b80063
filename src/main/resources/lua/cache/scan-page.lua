-- Reads one page of a set (SSCAN) or a hash (HSCAN), bounded in bytes inside Redis. SCAN steps
-- are small (COUNT 1 until an item is taken, then sized from the room left and the bytes per item), and a step whose items do not fit is not
-- taken: the page ends at the cursor before it, so the next page starts with those items and a
-- walk still sees every item. The item bound is SCAN's "about": the first step is always taken
-- (a small set or hash comes whole), later ones only while the page has room.
-- KEYS[1]  the set or hash
-- ARGV[1]  'set' | 'hash'
-- ARGV[2]  the SCAN cursor to start from ('0' = the beginning)
-- ARGV[3]  the most items of the page
-- ARGV[4]  the most bytes of the page (members; field names plus values)
-- returns  {cursor, blocked, item...}: cursor '0' = the walk is done; blocked = 1 when the page
--          is empty because the first step alone is over the byte bound; items: members, or
--          field, value pairs. An absent key is an empty, finished walk.
--          WRONGTYPE error when the key holds another type.
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
  return {'0', 0}
end
if kind ~= ARGV[1] then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local command = ARGV[1] == 'set' and 'SSCAN' or 'HSCAN'
local step = ARGV[1] == 'set' and 1 or 2
local limit, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local page = {ARGV[2], 0}
local taken, bytes, count = 0, 0, 1
-- bounds the script's time on a sparse table, where a step may find nothing
local steps = limit * 4 + 16
repeat
  local reply = redis.call(command, KEYS[1], page[1], 'COUNT', count)
  local batch = reply[2]
  local size = 0
  for i = 1, #batch do
    size = size + #batch[i]
  end
  if bytes + size > budget then
    if taken == 0 then
      page[2] = 1
    end
    return page
  end
  if taken > 0 and taken + #batch / step > limit then
    return page
  end
  for i = 1, #batch do
    page[#page + 1] = batch[i]
  end
  page[1] = reply[1]
  taken = taken + #batch / step
  bytes = bytes + size
  steps = steps - 1
  if taken > 0 then
    count = math.max(1, math.min(limit - taken, math.floor((budget - bytes) / math.max(1, math.ceil(bytes / taken)))))
  end
until page[1] == '0' or taken >= limit or steps == 0
return page
