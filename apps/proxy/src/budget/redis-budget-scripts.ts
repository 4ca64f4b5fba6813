import { LUA_NOW_MS, LUA_PRUNE } from '@aigw/events';

/*
 * Lua scripts of the Redis budget ledger (layout: libs/events/src/redis/budget-keys.ts). Redis runs a
 * script atomically, so no two proxies interleave a check and a hold. KEYS of the per-token scripts:
 * h, s, d, c, x. Amounts are decimal strings with 10 places.
 */

const SUMS = `
local function sum(key)
  local total = 0
  for _, v in ipairs(redis.call('HVALS', key)) do total = total + tonumber(v) end
  return total
end
-- Only the commits newer than the snapshot are read: usually none, whatever the token's rate.
local function unseen_commits(commits, known)
  local total = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', commits, '(' .. known, '+inf')) do
    total = total + tonumber(string.match(member, ':(.+)$'))
  end
  return total
end
local function keep(g, ms)
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[g + i], ms) end
end
`;

/*
 * The reserve and settle scripts take a batch: the requests of one send (redis-budget-batches.ts),
 * each handled in order exactly as a script of its own would be (Redis runs the whole script
 * atomically, so the batch is one of the orders in which single scripts could have run). KEYS: the
 * 5 keys of each token of the batch, in groups (group n at KEYS[5n-4 .. 5n]); an entry names its group.
 */

/**
 * ARGV: epsilon, hold lease ms, key lifetime ms, then per entry: group, request id, max_amount,
 * amount_spent (both from the proxy's snapshot), commit seq the snapshot includes, estimate.
 * remaining = max_amount - amount_spent - holds - settled - commits newer than the snapshot.
 * Returns 4 values per entry: 1, amount, clipped, remaining_after (held) or 0, remaining, 0, 0.
 */
export const RESERVE_SCRIPT = `${LUA_NOW_MS}${LUA_PRUNE}${SUMS}
local now = now_ms()
local epsilon, lease, lifetime = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local pruned = {}
local out = {}
for i = 4, #ARGV, 6 do
  local g = (tonumber(ARGV[i]) - 1) * 5
  local h, s, c, x = KEYS[g + 1], KEYS[g + 2], KEYS[g + 4], KEYS[g + 5]
  -- The same now for the whole batch: pruning a token's keys once is pruning them before each entry.
  if not pruned[g] then
    prune_keys(h, s, KEYS[g + 3], c, x, now)
    pruned[g] = true
  end
  local id = ARGV[i + 1]
  local remaining = tonumber(ARGV[i + 2]) - tonumber(ARGV[i + 3]) - sum(h) - sum(s) - unseen_commits(c, tonumber(ARGV[i + 4]))
  local estimate = tonumber(ARGV[i + 5])
  local amount = estimate
  local clipped = 0
  if remaining > epsilon and estimate > remaining and redis.call('HLEN', h) == 0 then
    amount = remaining
    clipped = 1
  end
  if remaining <= epsilon or amount > remaining then
    table.insert(out, 0)
    table.insert(out, string.format('%.10f', remaining))
    table.insert(out, 0)
    table.insert(out, 0)
  else
    redis.call('HSET', h, id, string.format('%.10f', amount))
    redis.call('ZADD', x, now + lease, 'h:' .. id)
    keep(g, lifetime)
    table.insert(out, 1)
    table.insert(out, string.format('%.10f', amount))
    table.insert(out, clipped)
    table.insert(out, string.format('%.10f', remaining - amount))
  end
end
return out
`;

/**
 * ARGV: settled ttl ms, key lifetime ms, then per entry: group, request id, actual cost. The hold
 * becomes the actual cost (kept until the log-writer reports the request committed), unless the
 * log-writer was first: then the database has the cost and only the hold goes. Returns 1 per entry.
 */
export const SETTLE_SCRIPT = `${LUA_NOW_MS}${SUMS}
local now = now_ms()
local ttl, lifetime = tonumber(ARGV[1]), tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV, 3 do
  local g = (tonumber(ARGV[i]) - 1) * 5
  local id, cost = ARGV[i + 1], ARGV[i + 2]
  local x = KEYS[g + 5]
  redis.call('HDEL', KEYS[g + 1], id)
  redis.call('ZREM', x, 'h:' .. id)
  if redis.call('HDEL', KEYS[g + 3], id) == 1 then
    redis.call('ZREM', x, 'd:' .. id)
  elseif tonumber(cost) > 0 then
    redis.call('HSET', KEYS[g + 2], id, cost)
    redis.call('ZADD', x, now + ttl, 's:' .. id)
    keep(g, lifetime)
  end
  table.insert(out, 1)
end
return out
`;

/**
 * Renews the holds of requests still in flight on this proxy (a lease: holds of a proxy that died
 * go within one lease). Only holds that still exist: a request that settled after the proxy listed
 * it must not get its hold back (it would count twice and block its token for a lease).
 * KEYS: h, x. ARGV: lease ms, then request ids.
 */
export const RENEW_SCRIPT = `${LUA_NOW_MS}
local until_ms = now_ms() + tonumber(ARGV[1])
for i = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[2], until_ms, 'h:' .. ARGV[i])
  end
end
return 1
`;

/** KEYS: live proxies. ARGV: proxy id, stale ms. Returns how many proxies are live. */
export const HEARTBEAT_SCRIPT = `${LUA_NOW_MS}
local now = now_ms()
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)
return redis.call('ZCARD', KEYS[1])
`;
