import { LUA_NOW_MS } from '@aigw/events';

/*
 * The Redis rate limiter's layout, under RedisNamespace.limits (`<ns>:limits:`):
 *   <ns>:limits:<token>:r   sorted set request id -> admission time (ms): requests in the window
 *   <ns>:limits:<token>:t   sorted set request id -> admission time (ms): token entries in the window
 *   <ns>:limits:<token>:a   hash request id -> tokens of that entry (the estimate, then the actual)
 *   <ns>:limits:<token>:c   sorted set request id -> lease end (ms): requests in flight
 * Every key expires a window (or a lease) after its last write, so idle tokens leave nothing.
 */

export function tokenLimitKeys(prefix: string, tokenId: number): string[] {
  const base = `${prefix}${tokenId}:`;
  return [`${base}r`, `${base}t`, `${base}a`, `${base}c`];
}

/**
 * One check, atomic (the same rules as InMemoryRateLimiter). KEYS: r, t, a, c. ARGV: request id,
 * rpm, tpm, concurrency (-1: no limit), token estimate, window ms, lease ms, concurrency retry ms,
 * peek ('1': count nothing and subtract nothing for this request: the limits as they stand).
 * Returns {admitted, retry_ms, req_remaining, req_reset_ms, tok_remaining, tok_reset_ms}.
 */
export const ADMIT_SCRIPT = `${LUA_NOW_MS}
local now = now_ms()
local id = ARGV[1]
local rpm, tpm, conc = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local window, lease = tonumber(ARGV[6]), tonumber(ARGV[7])
local cutoff = now - window
local self = 1
if ARGV[9] == '1' then self = 0 end
local admitted, retry = 1, 0
local function refuse(wait)
  admitted = 0
  if wait > retry then retry = wait end
end
local req_remaining, req_reset, tok_remaining, tok_reset = 0, 0, 0, 0
local need = 0
if rpm >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  local n = redis.call('ZCARD', KEYS[1])
  local over = n >= rpm
  req_reset = window
  if n > 0 then
    local at = 0
    if over then at = n - rpm end
    local entry = redis.call('ZRANGE', KEYS[1], at, at, 'WITHSCORES')
    req_reset = tonumber(entry[2]) + window - now
  end
  if over then
    req_remaining = math.max(0, rpm - n)
    refuse(req_reset)
  else
    req_remaining = rpm - n - self
  end
end
if tpm >= 0 then
  need = math.min(math.max(0, math.ceil(tonumber(ARGV[5]))), tpm)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
    redis.call('HDEL', KEYS[3], unpack(expired))
  end
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local amounts = {}
  local sum = 0
  for i = 1, #entries, 2 do
    local a = tonumber(redis.call('HGET', KEYS[3], entries[i]) or '0')
    amounts[#amounts + 1] = a
    sum = sum + a
  end
  local over = sum + need > tpm
  tok_reset = window
  if #entries > 0 then tok_reset = tonumber(entries[2]) + window - now end
  if over then
    local left = sum
    for i = 1, #amounts do
      left = left - amounts[i]
      tok_reset = tonumber(entries[2 * i]) + window - now
      if left + need <= tpm then break end
    end
    tok_remaining = math.max(0, tpm - sum)
    refuse(tok_reset)
  else
    tok_remaining = tpm - sum - need
  end
end
if conc >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  if redis.call('ZCARD', KEYS[4]) >= conc then refuse(tonumber(ARGV[8])) end
end
if admitted == 1 and self == 1 then
  if rpm >= 0 then
    redis.call('ZADD', KEYS[1], now, id)
    redis.call('PEXPIRE', KEYS[1], window)
  end
  if tpm >= 0 then
    redis.call('ZADD', KEYS[2], now, id)
    redis.call('HSET', KEYS[3], id, need)
    redis.call('PEXPIRE', KEYS[2], window)
    redis.call('PEXPIRE', KEYS[3], window)
  end
  if conc >= 0 then
    redis.call('ZADD', KEYS[4], now + lease, id)
    redis.call('PEXPIRE', KEYS[4], lease)
  end
end
return {admitted, retry, req_remaining, req_reset, tok_remaining, tok_reset}
`;

/**
 * The answer ended. KEYS: r, t, a, c. ARGV: request id, actual tokens. The token entry (if still
 * in the window) becomes the actual tokens; the request leaves the in-flight set.
 */
export const SETTLE_SCRIPT = `
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
end
return 1
`;
