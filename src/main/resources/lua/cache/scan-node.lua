-- One SCAN step on the node that serves KEYS[1]'s slot: on Redis Cluster a SCAN without a key goes to any node.
-- KEYS[1]  a key in a slot of the node to scan: only routes the call, never read
-- ARGV[1]  the node's SCAN cursor
-- ARGV[2]  the MATCH pattern
-- ARGV[3]  the COUNT hint
-- returns  SCAN's reply: {next cursor, keys}
-- read-only: changes nothing, so a timeout is a 503, never a 504 (LuaScript.readOnly)
return redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
