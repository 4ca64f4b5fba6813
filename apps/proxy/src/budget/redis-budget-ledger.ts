import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { budgetSeqKey, BUDGET_KEY_LIFETIME_MS, createRedisConnection, liveProxiesKey, SETTLED_TTL_MS, tokenBudgetKeys } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import type { Logger } from '@aigw/telemetry';
import { BUDGET_EPSILON, insufficientBalance, remainingOf, type BudgetedToken, type BudgetLedger, type CommitReport, type Reservation } from './budget-ledger';
import { OutageShares } from './outage-shares';
import { BudgetBatches, type ReserveAnswer } from './redis-budget-batches';
import { PendingSettles } from './redis-budget-replay';
import { HEARTBEAT_SCRIPT, RENEW_SCRIPT, RESERVE_SCRIPT, SETTLE_SCRIPT } from './redis-budget-scripts';

export interface RedisBudgetLedgerOptions {
  redisUrl: string;
  logger: Logger;
  /** RedisNamespace.budget of the deployment (`<prefix>:budget:`). */
  keyPrefix: string;
  /** budget.on_redis_outage: spend a share of what remained, or refuse budgeted tokens. Default share. */
  onRedisOutage?: 'share' | 'refuse';
  /** A hold lives this long unless its proxy renews it (every heartbeat while in flight). Default 60 s. */
  holdLeaseMs?: number;
  /** Heartbeat period (live proxies, lease renewal, replay of settles Redis missed). Default 3 s. */
  heartbeatMs?: number;
}

type LedgerReservation = Reservation & { outage?: OutageShares };

/**
 * Distributed mode (docs/SECURITY.md, Budgets): holds live in Redis so every proxy sees the others', while
 * the database (this proxy's snapshot of it) stays the source of truth for max_amount and
 * amount_spent; see budget-keys.ts for the layout. While Redis is unreachable each proxy spends at
 * most its share of what remained (OutageShares) or refuses budgeted tokens; settles Redis missed
 * are replayed as soon as it answers, so the others count them until the database has them.
 */
export class RedisBudgetLedger implements BudgetLedger {
  private readonly redis: Redis;
  private readonly batches: BudgetBatches;
  private readonly settles: PendingSettles;
  private readonly proxyId = randomUUID();
  /** Per token, the commit seq its snapshot amount includes (from token-usage notices). */
  private readonly knownSeq = new Map<number, number>();
  /** The commit seq every token's snapshot includes (read before the last reload). */
  private baseSeq = 0;
  /** Per token, what Redis said remained after this proxy's last hold (the base of an outage share). */
  private readonly lastRemaining = new Map<number, number>();
  private readonly inFlight = new Map<string, Reservation>();
  private outage: OutageShares | undefined;
  /** Set while reserves fail for want of Redis: the outage is logged when it starts and ends, not per request. */
  private unavailable = false;
  private liveProxies = 1;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: RedisBudgetLedgerOptions) {
    // The shared connection helper: reconnects with backoff and logs a repeated error once per window.
    // Holds and settles go in batches (BudgetBatches: one script call each per send); auto-pipelining
    // is for the rest (the heartbeat's scripts go on their own).
    this.redis = createRedisConnection(options.redisUrl, {
      name: 'budget-ledger',
      logger: options.logger,
      redis: {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        lazyConnect: false,
        enableAutoPipelining: true,
        autoPipeliningIgnoredCommands: ['aigwHeartbeat', 'aigwRenew'],
      },
    });
    this.redis.on('ready', () => void this.heartbeat());
    // The batch scripts take their number of keys first (5 per token of the batch).
    this.redis.defineCommand('aigwReserve', { lua: RESERVE_SCRIPT });
    this.redis.defineCommand('aigwSettle', { lua: SETTLE_SCRIPT });
    this.batches = new BudgetBatches(this.redis, {
      keyPrefix: options.keyPrefix,
      epsilon: BUDGET_EPSILON,
      holdLeaseMs: options.holdLeaseMs ?? 60_000,
      settledTtlMs: SETTLED_TTL_MS,
      keyLifetimeMs: BUDGET_KEY_LIFETIME_MS,
    });
    this.settles = new PendingSettles(this.batches, options.logger, () => this.redis.status === 'ready');
    this.redis.defineCommand('aigwRenew', { numberOfKeys: 2, lua: RENEW_SCRIPT });
    this.redis.defineCommand('aigwHeartbeat', { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT });
    this.timer = setInterval(() => void this.heartbeat(), options.heartbeatMs ?? 3000);
    this.timer.unref();
  }

  /** Live proxies as the last heartbeat counted them (at least 1). */
  liveProxyCount(): number {
    return this.liveProxies;
  }

  /** Waits until Redis answers (at most timeoutMs); the proxy starts serving either way. */
  async waitReady(timeoutMs = 5000): Promise<boolean> {
    if (this.redis.status !== 'ready') {
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        this.redis.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!ready) return false;
    }
    await this.heartbeat();
    return true;
  }

  /** Throws when Redis does not answer (readiness). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  remaining(token: BudgetedToken): number | null {
    const snapshot = remainingOf(token);
    if (snapshot === null) return null;
    const share = this.outage?.remaining(token.id);
    return share === undefined ? snapshot : Math.min(snapshot, share);
  }

  async reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    if (token.max_amount === null) return undefined;
    let result: ReserveAnswer;
    try {
      if (this.settles.size > 0) await this.settles.replay();
      const known = Math.max(this.baseSeq, this.knownSeq.get(token.id) ?? 0);
      result = await this.batches.reserve({ tokenId: token.id, requestId, maxAmount: token.max_amount, amountSpent: token.amount_spent, known, estimate });
    } catch (err) {
      return this.reserveInOutage(token, estimate, requestId, err);
    }
    this.outage = undefined;
    if (this.unavailable) {
      this.unavailable = false;
      this.options.logger.info('budget ledger: redis answers again');
    }
    if (result[0] === 0) {
      this.lastRemaining.set(token.id, Number(result[1]));
      throw insufficientBalance();
    }
    this.lastRemaining.set(token.id, Number(result[3]));
    const reservation: Reservation = { tokenId: token.id, requestId, amount: Number(result[1]), clipped: result[2] === 1 };
    this.inFlight.set(requestId, reservation);
    return reservation;
  }

  private async reserveInOutage(token: BudgetedToken, estimate: number, requestId: string, err: unknown): Promise<Reservation | undefined> {
    const mode = this.options.onRedisOutage ?? 'share';
    if (!this.unavailable) {
      this.unavailable = true;
      this.options.logger.warn({ err: (err as Error).message, tokenId: token.id, mode }, 'budget ledger: redis unavailable');
    }
    if (mode === 'refuse') {
      throw new GatewayError('budget_unavailable', 'the budget of this token cannot be checked right now; retry shortly');
    }
    this.outage ??= new OutageShares(this.liveProxies);
    const outage = this.outage;
    const reservation = await outage.reserve(token, estimate, requestId, this.lastRemaining.get(token.id));
    if (!reservation) return undefined;
    // Assigned into a literal, not spread with a property added (a new hidden class per call in Node 20).
    const held: LedgerReservation = Object.assign({ outage }, reservation);
    return held;
  }

  async settle(reservation: LedgerReservation, actualCost: number): Promise<void> {
    this.inFlight.delete(reservation.requestId);
    if (reservation.outage) await reservation.outage.settle(reservation, actualCost);
    await this.settles.settle({ tokenId: reservation.tokenId, requestId: reservation.requestId, cost: actualCost });
  }

  /** Counts live proxies, renews the holds of requests in flight, replays missed settles. */
  private async heartbeat(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    try {
      const n = await this.scripts().aigwHeartbeat(liveProxiesKey(this.options.keyPrefix), this.proxyId, String((this.options.heartbeatMs ?? 3000) * 3 + 1000));
      this.liveProxies = Math.max(1, Number(n));
      // Each token's ids are listed right before its renew: requests that settled meanwhile are
      // no longer in flight (and the script skips holds a settle removed after the listing).
      for (const tokenId of new Set([...this.inFlight.values()].map((r) => r.tokenId))) {
        const ids = [...this.inFlight.values()].filter((r) => r.tokenId === tokenId).map((r) => r.requestId);
        if (ids.length === 0) continue;
        const k = tokenBudgetKeys(this.options.keyPrefix, tokenId);
        await this.scripts().aigwRenew(k.holds, k.expiry, String(this.options.holdLeaseMs ?? 60_000), ...ids);
      }
      if (this.settles.size > 0) await this.settles.replay();
      this.outage = undefined;
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'budget ledger: heartbeat failed');
    }
  }

  committed(report: CommitReport): void {
    if (report.budget_seq === undefined) return;
    for (const id of report.token_ids) this.knownSeq.set(id, Math.max(this.knownSeq.get(id) ?? 0, report.budget_seq));
  }

  async beforeReload(): Promise<() => void> {
    try {
      const seq = Number((await this.redis.get(budgetSeqKey(this.options.keyPrefix))) ?? 0);
      // The new snapshot includes every commit up to seq. Notices heard during the reload may have
      // carried later seqs; forgetting them only counts those commits twice until the next notice
      // (never too little), while keeping them could skip commits a reset's database read lacks.
      return () => {
        this.knownSeq.clear();
        this.baseSeq = seq;
      };
    } catch {
      return () => undefined;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    try {
      if (this.redis.status === 'ready') await this.redis.zrem(liveProxiesKey(this.options.keyPrefix), this.proxyId);
    } catch {
      // Its heartbeat goes stale on its own.
    }
    this.redis.disconnect();
  }

  private scripts(): RedisScripts {
    return this.redis as unknown as RedisScripts;
  }
}

interface RedisScripts {
  aigwRenew(...args: string[]): Promise<unknown>;
  aigwHeartbeat(...args: string[]): Promise<unknown>;
}
