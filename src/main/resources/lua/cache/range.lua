-- Reads one page of a list (by index) or of a sorted set (by rank, or by score turned into ranks),
-- bounded in items and in bytes inside Redis, so that nothing larger ever reaches the gateway.
-- Items are fetched in chunks sized from the bytes seen so far: large items one by one, so that
-- the script itself never holds much more than the page.
-- KEYS[1]  the list or sorted set
-- ARGV[1]  'list' | 'zset' (ascending) | 'zset-rev' (descending)
-- ARGV[2]  'index': ARGV[3], ARGV[4] are the first and last index (inclusive, negative counts
--          from the end) | 'score': they are the lowest and highest score (a number, '-inf', '+inf')
-- ARGV[5]  items of the range to skip before the page (>= 0)
-- ARGV[6]  the most items of the page
-- ARGV[7]  the most bytes of the page (items; members plus their score's text)
-- ARGV[8]  '1': the whole rest of the range is wanted; when it holds more than ARGV[6] items,
--          nothing is read
-- returns  {first, remaining, item...}: first = the index (rank, in the order asked for) of the
--          page's first item; remaining = the range's items from there on (the page included);
--          items: list items, or member, score pairs. An absent key is an empty range.
--          WRONGTYPE error when the key holds another type.
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
local kind = redis.call('TYPE', KEYS[1])['ok']
local zset = ARGV[1] ~= 'list'
if kind ~= 'none' and kind ~= (zset and 'zset' or 'list') then
  return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
end
local rev = ARGV[1] == 'zset-rev'
local start, stop
if ARGV[2] == 'score' then
  local min, max = ARGV[3], ARGV[4]
  -- the range's first rank in the order asked for: the members before it in that order
  if rev then
    start = redis.call('ZCOUNT', KEYS[1], '(' .. max, '+inf')
  else
    start = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. min)
  end
  stop = start + redis.call('ZCOUNT', KEYS[1], min, max) - 1
else
  local size = zset and redis.call('ZCARD', KEYS[1]) or redis.call('LLEN', KEYS[1])
  start, stop = tonumber(ARGV[3]), tonumber(ARGV[4])
  if start < 0 then start = math.max(0, start + size) end
  if stop < 0 then stop = stop + size end
  stop = math.min(stop, size - 1)
end
local first = start + tonumber(ARGV[5])
local remaining = math.max(0, stop - first + 1)
local limit, budget = tonumber(ARGV[6]), tonumber(ARGV[7])
local page = {first, remaining}
if ARGV[8] == '1' and remaining > limit then
  return page
end
local want = math.min(remaining, limit)
local taken, bytes, chunk = 0, 0, 1
while taken < want do
  local from = first + taken
  local to = from + math.min(chunk, want - taken) - 1
  local batch
  if not zset then
    batch = redis.call('LRANGE', KEYS[1], from, to)
  elseif rev then
    batch = redis.call('ZRANGE', KEYS[1], from, to, 'REV', 'WITHSCORES')
  else
    batch = redis.call('ZRANGE', KEYS[1], from, to, 'WITHSCORES')
  end
  if #batch == 0 then
    break
  end
  local step = zset and 2 or 1
  for i = 1, #batch, step do
    local size = #batch[i] + (zset and #batch[i + 1] or 0)
    if bytes + size > budget then
      return page
    end
    for j = i, i + step - 1 do
      page[#page + 1] = batch[j]
    end
    taken = taken + 1
    bytes = bytes + size
  end
  chunk = math.max(1, math.min(128, math.floor((budget - bytes) / math.max(1, math.ceil(bytes / taken)))))
end
return page
