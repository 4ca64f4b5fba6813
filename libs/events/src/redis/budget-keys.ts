/**
 * The budget ledger's Redis layout, shared by the proxies (reserve, settle) and the log-writers
 * (commit). The database stays the source of truth for amount_spent and max_amount; Redis keeps only
 * what the database does not have yet, each entry under its request id and with an expiry:
 *
 *   <ns>:budget:<token>:h   hash request id -> amount held by a request in flight
 *   <ns>:budget:<token>:s   hash request id -> cost of a finished request not yet in the database
 *   <ns>:budget:<token>:d   hash request id -> 1: the database took the cost in before the proxy
 *                           settled (the settle then adds nothing)
 *   <ns>:budget:<token>:c   sorted set "<seq>:<cost>" -> seq: costs the database took in at a commit
 *   <ns>:budget:<token>:x   sorted set "h:<id>" | "s:<id>" | "d:<id>" | "c:<seq>:<cost>" -> expiry (ms)
 *   <ns>:budget:seq         commit counter, one step per log-writer batch
 *   <ns>:budget:proxies     sorted set proxy id -> last heartbeat (ms): the live proxies
 *
 * A proxy computes remaining = max_amount - amount_spent - holds - settled - commits it has not
 * seen yet, with max_amount and amount_spent from its own snapshot of the database and "seen" meaning
 * the commit seq its snapshot includes (sent with each token-usage notice, read before each reload).
 */
/**
 * How long a settled cost waits for the database: the log-writers take it in within seconds; while
 * they are all down it keeps counting for an hour, after which (with the log-writers still down)
 * the token's remaining amount no longer includes it.
 */
export const SETTLED_TTL_MS = 3_600_000;

/** An idle token's keys go after this (longer than any entry they hold). */
export const BUDGET_KEY_LIFETIME_MS = SETTLED_TTL_MS + 600_000;

export interface TokenBudgetKeys {
  holds: string;
  settled: string;
  done: string;
  commits: string;
  expiry: string;
}

export function tokenBudgetKeys(budgetPrefix: string, tokenId: number): TokenBudgetKeys {
  const base = `${budgetPrefix}${tokenId}:`;
  return { holds: `${base}h`, settled: `${base}s`, done: `${base}d`, commits: `${base}c`, expiry: `${base}x` };
}

export function budgetSeqKey(budgetPrefix: string): string {
  return `${budgetPrefix}seq`;
}

export function liveProxiesKey(budgetPrefix: string): string {
  return `${budgetPrefix}proxies`;
}

/** Milliseconds from Redis' own clock, so proxies with skewed clocks agree on expiries. */
export const LUA_NOW_MS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** Removes the entries of one token whose expiry has passed: prune_keys(h, s, d, c, x, now). */
export const LUA_PRUNE = `
local function prune_keys(h, s, d, c, x, now)
  local expired = redis.call('ZRANGEBYSCORE', x, '-inf', now)
  if #expired == 0 then return end
  local hashes = { h = h, s = s, d = d }
  for _, member in ipairs(expired) do
    local kind, rest = string.sub(member, 1, 1), string.sub(member, 3)
    if kind == 'c' then
      redis.call('ZREM', c, rest)
    elseif hashes[kind] then
      redis.call('HDEL', hashes[kind], rest)
    end
  end
  redis.call('ZREMRANGEBYSCORE', x, '-inf', now)
end
`;
