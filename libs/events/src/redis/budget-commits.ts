import type { Redis } from 'ioredis';
import { BUDGET_KEY_LIFETIME_MS, budgetSeqKey, LUA_NOW_MS, LUA_PRUNE, tokenBudgetKeys } from './budget-keys';
import { createRedisConnection, closeRedisConnection, type RedisLogger } from './connection';

/**
 * KEYS: seq, then h, s, d, c, x of each token. ARGV: commit ttl ms, done ttl ms, key lifetime ms,
 * then per token the number of requests followed by (request id, cost) pairs. Takes the next commit seq; per request:
 * its settled entry goes (the database has the cost now), or, when the proxy has not settled yet, a
 * `done` mark tells the settle to add nothing; the costs are added under the seq so a proxy whose
 * snapshot predates this commit still counts them. Returns the seq.
 */
const COMMIT_SCRIPT = `${LUA_NOW_MS}${LUA_PRUNE}
local seq = redis.call('INCR', KEYS[1])
local now = now_ms()
local commitTtl = tonumber(ARGV[1])
local doneTtl = tonumber(ARGV[2])
local keepMs = tonumber(ARGV[3])
local arg = 4
for t = 0, (#KEYS - 1) / 5 - 1 do
  local h, s, d, c, x = KEYS[t * 5 + 2], KEYS[t * 5 + 3], KEYS[t * 5 + 4], KEYS[t * 5 + 5], KEYS[t * 5 + 6]
  prune_keys(h, s, d, c, x, now)
  local n = tonumber(ARGV[arg])
  arg = arg + 1
  local total = 0
  for i = 1, n do
    local id, cost = ARGV[arg], tonumber(ARGV[arg + 1])
    arg = arg + 2
    total = total + cost
    if redis.call('HDEL', s, id) == 1 then
      redis.call('ZREM', x, 's:' .. id)
    else
      redis.call('HSET', d, id, '1')
      redis.call('ZADD', x, now + doneTtl, 'd:' .. id)
    end
  end
  if total > 0 then
    local member = seq .. ':' .. string.format('%.10f', total)
    redis.call('ZADD', c, seq, member)
    redis.call('ZADD', x, now + commitTtl, 'c:' .. member)
  end
  for _, key in ipairs({ h, s, d, c, x }) do redis.call('PEXPIRE', key, keepMs) end
end
return seq
`;

export interface CommittedCost {
  tokenId: number;
  requestId: string;
  /** Decimal string, as the database added it. */
  cost: string;
}

export interface RedisBudgetCommitsOptions {
  redisUrl: string;
  logger: RedisLogger;
  /** RedisNamespace.budget */
  budgetPrefix: string;
  /**
   * How long a commit is still counted for proxies whose snapshot predates it. Proxies hear of a
   * commit within milliseconds (token-usage notice) or at their next reload; default 60 s.
   */
  commitTtlMs?: number;
  /** Lifetime of an idle token's keys (longer than any entry in them). Default BUDGET_KEY_LIFETIME_MS. */
  keyLifetimeMs?: number;
}

/**
 * The log-writer's side of the budget ledger: after a batch is in the database, tells Redis which
 * requests it now includes, and returns the commit seq to send with the token-usage notice.
 */
export class RedisBudgetCommits {
  private readonly redis: Redis;

  constructor(private readonly options: RedisBudgetCommitsOptions) {
    this.redis = createRedisConnection(options.redisUrl, {
      name: 'aigw-budget-commits',
      logger: options.logger,
      // The offline queue lets a commit made while connecting wait for the connection; one retry
      // and the timeout bound how long it can hold up the batch when Redis is gone.
      redis: { maxRetriesPerRequest: 1, commandTimeout: 2000 },
    });
    this.redis.defineCommand('aigwCommit', { lua: COMMIT_SCRIPT });
  }

  /** The commit seq, or undefined when Redis did not answer (the entries then expire on their own). */
  async commit(costs: CommittedCost[]): Promise<number | undefined> {
    const byToken = new Map<number, CommittedCost[]>();
    for (const c of costs) {
      const list = byToken.get(c.tokenId);
      if (list) list.push(c);
      else byToken.set(c.tokenId, [c]);
    }
    const keys = [budgetSeqKey(this.options.budgetPrefix)];
    const ttl = this.options.commitTtlMs ?? 60_000;
    const args: string[] = [String(ttl), String(ttl), String(this.options.keyLifetimeMs ?? BUDGET_KEY_LIFETIME_MS)];
    for (const [tokenId, list] of byToken) {
      const k = tokenBudgetKeys(this.options.budgetPrefix, tokenId);
      keys.push(k.holds, k.settled, k.done, k.commits, k.expiry);
      args.push(String(list.length));
      for (const c of list) args.push(c.requestId, c.cost);
    }
    try {
      const seq = await (this.redis as unknown as CommitCommand).aigwCommit(keys.length, ...keys, ...args);
      return Number(seq);
    } catch (err) {
      this.options.logger.warn({ err }, 'budget commits: redis unavailable; settled entries expire on their own');
      return undefined;
    }
  }

  async close(): Promise<void> {
    await closeRedisConnection(this.redis);
  }
}

interface CommitCommand {
  aigwCommit(numberOfKeys: number, ...args: string[]): Promise<unknown>;
}
