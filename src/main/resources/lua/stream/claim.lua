-- Claims up to COUNT entries of a consumer group for one consumer: first the entries left
-- unacknowledged for longer than the visibility timeout (XAUTOCLAIM), then new ones (XREADGROUP >).
-- An entry that would be delivered more than MAX times moves to the dead-letter stream instead,
-- with its original id and the deliveries it had (MAX), and is acknowledged in the group: in this one script.
-- KEYS[1]  the stream
-- KEYS[2]  its dead-letter stream (same hash tag)
-- ARGV[1]  group          ARGV[2] consumer
-- ARGV[3]  visibility timeout, ms (entries idle longer are delivered again)
-- ARGV[4]  COUNT          ARGV[5] MAX deliveries
-- ARGV[6..8] the dead-letter stream's trim: MAXLEN|MINID, ~, threshold
-- Returns a flat array of triples {id, {field, value, ...}, deliveries}, or the error reply of
-- XAUTOCLAIM as is (NOGROUP: no such group or stream; WRONGTYPE).
local stream, dead = KEYS[1], KEYS[2]
local group, consumer = ARGV[1], ARGV[2]
local count, max = tonumber(ARGV[4]), tonumber(ARGV[5])
local out = {}

local function deliver(id, fields, deliveries)
  if deliveries > max then
    redis.call('XADD', dead, ARGV[6], ARGV[7], ARGV[8], '*', 'original-id', id, 'deliveries', deliveries - 1, unpack(fields))
    redis.call('XACK', stream, group, id)
  else
    out[#out + 1] = id
    out[#out + 1] = fields
    out[#out + 1] = deliveries
  end
end

local claimed = redis.pcall('XAUTOCLAIM', stream, group, consumer, ARGV[3], '0-0', 'COUNT', count)
if claimed.err then
  return claimed
end
local taken = 0
for _, entry in ipairs(claimed[2]) do
  -- Redis 6.2 reports a pending entry deleted meanwhile as nil (false here); 7.x drops it from the PEL
  if entry then
    local id = entry[1]
    local pending = redis.call('XPENDING', stream, group, id, id, 1)
    deliver(id, entry[2], pending[1] and pending[1][4] or 1)
  end
  taken = taken + 1
end

if taken < count then
  local fresh = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count - taken, 'STREAMS', stream, '>')
  if fresh then
    for _, entry in ipairs(fresh[1][2]) do
      deliver(entry[1], entry[2], 1)
    end
  end
end
return out
