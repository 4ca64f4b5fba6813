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
local function unseen_commits(known)
  local total = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. known, '+inf')) do
    total = total + tonumber(string.match(member, ':(.+)$'))
  end
  return total
end
local function keep(ms)
  for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ms) end
end
`;

/**
 * ARGV: request id, max_amount, amount_spent (both from the proxy's snapshot), commit seq the
 * snapshot includes, estimate, epsilon, hold lease ms, key lifetime ms.
 * remaining = max_amount - amount_spent - holds - settled - commits newer than the snapshot.
 * Returns {1, amount, clipped, remaining_after} or {0, remaining}.
 */
export const RESERVE_SCRIPT = `${LUA_NOW_MS}${LUA_PRUNE}${SUMS}
local now = now_ms()
prune(now)
local remaining = tonumber(ARGV[2]) - tonumber(ARGV[3]) - sum(KEYS[1]) - sum(KEYS[2]) - unseen_commits(tonumber(ARGV[4]))
if remaining <= tonumber(ARGV[6]) then
  return {0, string.format('%.10f', remaining)}
end
local estimate = tonumber(ARGV[5])
local amount = estimate
local clipped = 0
if estimate > remaining then
  if redis.call('HLEN', KEYS[1]) > 0 then
    return {0, string.format('%.10f', remaining)}
  end
  amount = remaining
  clipped = 1
end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%.10f', amount))
redis.call('ZADD', KEYS[5], now + tonumber(ARGV[7]), 'h:' .. ARGV[1])
keep(tonumber(ARGV[8]))
return {1, string.format('%.10f', amount), clipped, string.format('%.10f', remaining - amount)}
`;

/**
 * ARGV: request id, actual cost, settled ttl ms, key lifetime ms. The hold becomes the actual cost
 * (kept until the log-writer reports the request committed), unless the log-writer was first: then
 * the database has the cost and only the hold goes.
 */
export const SETTLE_SCRIPT = `${LUA_NOW_MS}${SUMS}
local now = now_ms()
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[5], 'h:' .. ARGV[1])
if redis.call('HDEL', KEYS[3], ARGV[1]) == 1 then
  redis.call('ZREM', KEYS[5], 'd:' .. ARGV[1])
  return 0
end
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[5], now + tonumber(ARGV[3]), 's:' .. ARGV[1])
  keep(tonumber(ARGV[4]))
end
return 1
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
