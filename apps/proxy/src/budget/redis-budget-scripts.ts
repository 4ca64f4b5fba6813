/**
 * Lua scripts of the Redis budget ledger. Per token two keys: `used` (amount_spent as the database
 * had it when the key was made, plus every hold and settled cost since) and `inflight` (requests
 * holding money now). Redis runs a script atomically, so no two proxies interleave a check and a
 * hold.
 */

/**
 * KEYS: used, inflight. ARGV: amount_spent from the database (used only when the key is missing,
 * e.g. after a Redis restart), max_amount, estimate, epsilon, ttl seconds of used, ttl of inflight.
 * Returns {1, amount, clipped, remaining_after} or {0, remaining}.
 */
export const RESERVE_SCRIPT = `
local used = redis.call('GET', KEYS[1])
if not used then
  used = ARGV[1]
  redis.call('SET', KEYS[1], used)
end
used = tonumber(used)
local remaining = tonumber(ARGV[2]) - used
if remaining <= tonumber(ARGV[4]) then
  return {0, tostring(remaining)}
end
local estimate = tonumber(ARGV[3])
local amount = estimate
local clipped = 0
if estimate > remaining then
  local inflight = tonumber(redis.call('GET', KEYS[2]) or '0')
  if inflight > 0 then
    return {0, tostring(remaining)}
  end
  amount = remaining
  clipped = 1
end
redis.call('INCRBYFLOAT', KEYS[1], tostring(amount))
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[6]))
return {1, tostring(amount), clipped, tostring(remaining - amount)}
`;

/**
 * KEYS: used, inflight. ARGV: actual cost minus the hold. The hold becomes the actual cost; a key
 * that vanished meanwhile (Redis restarted) is rebuilt from the database by the next reserve.
 * Returns the remaining-relevant used amount, or false.
 */
export const SETTLE_SCRIPT = `
local used = false
if redis.call('EXISTS', KEYS[1]) == 1 then
  used = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
end
local n = redis.call('DECR', KEYS[2])
if n <= 0 then
  redis.call('DEL', KEYS[2])
end
return used
`;
