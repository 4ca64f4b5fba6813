import type { Redis } from 'ioredis';
import { createRedisConnection } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';
import { ADMIT_SCRIPT, SETTLE_SCRIPT, tokenLimitKeys } from './redis-limit-script';
import {
  CONCURRENCY_RETRY_MS,
  InMemoryRateLimiter,
  LIMIT_WINDOW_MS,
  type LimitAdmission,
  type LimitOutcome,
  type LimitStates,
  type RateLimiter,
  type TokenLimits,
} from './rate-limiter';

export interface RedisRateLimiterOptions {
  redisUrl: string;
  logger: Logger;
  /** RedisNamespace.limits of the deployment (`<prefix>:limits:`). */
  keyPrefix: string;
  /** budget.on_redis_outage: `share` limits each proxy to limit / live proxies, `refuse` refuses limited tokens. */
  onRedisOutage?: 'share' | 'refuse';
  /** Live proxies as the budget ledger's heartbeats last counted them. */
  liveProxies?: () => number;
  /** A request in flight holds its concurrency slot at most this long (a proxy that died frees it then). Default 15 min. */
  leaseMs?: number;
}

type Admission = LimitAdmission & { outage?: InMemoryRateLimiter };

/**
 * Distributed mode: every check is one atomic script (redis-limit-script.ts), so all proxies
 * count into the same windows and the limits hold exactly across them. While Redis is
 * unreachable the budgets' bounded-share rule applies: each proxy admits at most its share
 * (limit / live proxies, at least 1) in memory, or refuses limited tokens (`refuse`).
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private outage: InMemoryRateLimiter | undefined;

  constructor(private readonly options: RedisRateLimiterOptions) {
    // Auto-pipelining: the checks and settles of one event-loop turn go in one socket write.
    this.redis = createRedisConnection(options.redisUrl, {
      name: 'rate-limiter',
      logger: options.logger,
      redis: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false, enableAutoPipelining: true },
    });
    this.redis.defineCommand('aigwLimitAdmit', { numberOfKeys: 4, lua: ADMIT_SCRIPT });
    this.redis.defineCommand('aigwLimitSettle', { numberOfKeys: 4, lua: SETTLE_SCRIPT });
  }

  /** Waits until Redis answers (at most timeoutMs); checks before then follow the outage rule. */
  async waitReady(timeoutMs = 5000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async admit(tokenId: number, limits: TokenLimits, estimate: number, requestId: string): Promise<{ outcome: LimitOutcome; admission?: Admission }> {
    let outcome: LimitOutcome;
    try {
      outcome = await this.run(tokenId, limits, estimate, requestId, false);
    } catch (err) {
      return this.admitInOutage(tokenId, limits, estimate, requestId, err);
    }
    if (this.outage) {
      this.outage = undefined;
      this.options.logger.info('rate limiter: redis answers again');
    }
    return outcome.admitted ? { outcome, admission: { tokenId, requestId, limits } } : { outcome };
  }

  /** The limits as they stand; none while Redis cannot be read (the answer then carries no limit headers). */
  async peek(tokenId: number, limits: TokenLimits): Promise<LimitStates> {
    try {
      const { requests, tokens } = await this.run(tokenId, limits, 0, '', true);
      return { requests, tokens };
    } catch {
      return {};
    }
  }

  private async run(tokenId: number, limits: TokenLimits, estimate: number, requestId: string, peek: boolean): Promise<LimitOutcome> {
    const r = (await this.scripts().aigwLimitAdmit(
      ...tokenLimitKeys(this.options.keyPrefix, tokenId),
      requestId,
      String(limits.rpm ?? -1),
      String(limits.tpm ?? -1),
      String(limits.concurrency ?? -1),
      String(Math.max(0, estimate)),
      String(LIMIT_WINDOW_MS),
      String(this.options.leaseMs ?? 15 * 60_000),
      String(CONCURRENCY_RETRY_MS),
      peek ? '1' : '0',
    )) as number[];
    const [admitted, retry, reqRemaining, reqReset, tokRemaining, tokReset] = r.map(Number) as [number, number, number, number, number, number];
    const outcome: LimitOutcome = { admitted: admitted === 1, retryAfterMs: retry };
    if (limits.rpm !== null) outcome.requests = { limit: limits.rpm, remaining: reqRemaining, resetMs: reqReset };
    if (limits.tpm !== null) outcome.tokens = { limit: limits.tpm, remaining: tokRemaining, resetMs: tokReset };
    return outcome;
  }

  private async admitInOutage(tokenId: number, limits: TokenLimits, estimate: number, requestId: string, err: unknown) {
    const mode = this.options.onRedisOutage ?? 'share';
    if (!this.outage) this.options.logger.warn({ err: (err as Error).message, tokenId, mode }, 'rate limiter: redis unavailable');
    this.outage ??= new InMemoryRateLimiter();
    if (mode === 'refuse') throw new GatewayError('rate_limit_unavailable', 'the rate limits of this token cannot be checked right now; retry shortly');
    const live = Math.max(1, this.options.liveProxies?.() ?? 1);
    const share = (n: number | null) => (n === null ? null : Math.max(1, Math.floor(n / live)));
    const outage = this.outage;
    const result = await outage.admit(tokenId, { rpm: share(limits.rpm), tpm: share(limits.tpm), concurrency: share(limits.concurrency) }, estimate, requestId);
    return result.admission ? { outcome: result.outcome, admission: Object.assign({ outage }, result.admission) } : { outcome: result.outcome };
  }

  async settle(admission: Admission, actualTokens: number): Promise<void> {
    if (admission.outage) {
      await admission.outage.settle(admission, actualTokens);
      return;
    }
    try {
      const tokens = String(Math.max(0, Math.ceil(actualTokens)));
      await this.scripts().aigwLimitSettle(...tokenLimitKeys(this.options.keyPrefix, admission.tokenId), admission.requestId, tokens);
    } catch (err) {
      // The estimate stays counted until it leaves the window; the slot ends with its lease.
      this.options.logger.warn({ err: (err as Error).message, tokenId: admission.tokenId }, 'rate limiter: settle missed (redis unavailable)');
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private scripts(): { aigwLimitAdmit(...a: string[]): Promise<unknown>; aigwLimitSettle(...a: string[]): Promise<unknown> } {
    return this.redis as unknown as { aigwLimitAdmit(...a: string[]): Promise<unknown>; aigwLimitSettle(...a: string[]): Promise<unknown> };
  }
}
