import { Redis } from 'ioredis';
import type { Logger } from '@aigw/telemetry';
import {
  BUDGET_EPSILON,
  InMemoryBudgetLedger,
  insufficientBalance,
  type BudgetedToken,
  type BudgetLedger,
  type Reservation,
} from './budget-ledger';
import { RESERVE_SCRIPT, SETTLE_SCRIPT } from './redis-budget-scripts';

export interface RedisBudgetLedgerOptions {
  redisUrl: string;
  logger: Logger;
  keyPrefix?: string;
  /** Lifetime of an idle token's `used` key; it is rebuilt from the database after. */
  usedTtlSeconds?: number;
  /** Lifetime of the in-flight counter, longer than any request (upstream_timeout). */
  inflightTtlSeconds?: number;
}

type LocalReservation = Reservation & { local?: true };

/**
 * Distributed mode: holds live in Redis so every proxy sees the others' (DESIGN.md section 7).
 * While Redis is unreachable the proxy keeps serving with holds kept in its own memory, so budgets
 * then hold per proxy only; Redis is used again as soon as it answers.
 */
export class RedisBudgetLedger implements BudgetLedger {
  private readonly redis: Redis;
  private readonly local = new InMemoryBudgetLedger();
  /** Remaining amount per token as the last script said (for the cheap check before routing). */
  private readonly lastRemaining = new Map<number, number>();
  private readonly prefix: string;

  constructor(private readonly options: RedisBudgetLedgerOptions) {
    this.prefix = options.keyPrefix ?? 'aigw:budget:';
    this.redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false });
    this.redis.on('error', (err) => options.logger.warn({ err: err.message }, 'budget ledger: redis error'));
    this.redis.defineCommand('aigwReserve', { numberOfKeys: 2, lua: RESERVE_SCRIPT });
    this.redis.defineCommand('aigwSettle', { numberOfKeys: 2, lua: SETTLE_SCRIPT });
  }

  /** Waits until Redis answers (at most timeoutMs); the proxy starts serving either way. */
  async waitReady(timeoutMs = 5000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Throws when Redis does not answer (readiness). */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  private keys(tokenId: number): [string, string] {
    return [`${this.prefix}${tokenId}:used`, `${this.prefix}${tokenId}:inflight`];
  }

  remaining(token: BudgetedToken): number | null {
    if (token.max_amount === null) return null;
    const fromRedis = this.lastRemaining.get(token.id);
    const fromLocal = this.local.remaining(token) ?? 0;
    return fromRedis === undefined ? fromLocal : Math.min(fromRedis, fromLocal);
  }

  async reserve(token: BudgetedToken, estimate: number, requestId: string): Promise<Reservation | undefined> {
    if (token.max_amount === null) return undefined;
    let result: [number, string, number?, string?];
    try {
      result = (await (this.redis as unknown as RedisScripts).aigwReserve(
        ...this.keys(token.id),
        String(token.amount_spent),
        String(token.max_amount),
        String(Math.max(estimate, 0)),
        String(BUDGET_EPSILON),
        String(this.options.usedTtlSeconds ?? 86_400),
        String(this.options.inflightTtlSeconds ?? 3_600),
      )) as [number, string, number?, string?];
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message, tokenId: token.id }, 'budget ledger: redis unavailable, holding in memory');
      const reservation = await this.local.reserve(token, estimate, requestId);
      if (!reservation) return undefined;
      const local: LocalReservation = { ...reservation, local: true };
      return local;
    }
    if (result[0] === 0) {
      this.lastRemaining.set(token.id, Number(result[1]));
      throw insufficientBalance();
    }
    this.lastRemaining.set(token.id, Number(result[3]));
    return { tokenId: token.id, requestId, amount: Number(result[1]), clipped: result[2] === 1 };
  }

  async settle(reservation: LocalReservation, actualCost: number): Promise<void> {
    if (reservation.local) {
      await this.local.settle(reservation, actualCost);
      return;
    }
    try {
      await (this.redis as unknown as RedisScripts).aigwSettle(...this.keys(reservation.tokenId), String(actualCost - reservation.amount));
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message, tokenId: reservation.tokenId }, 'budget ledger: could not settle in redis');
    }
  }

  committed(requestIds: string[]): void {
    this.local.committed(requestIds);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

interface RedisScripts {
  aigwReserve(...args: string[]): Promise<unknown>;
  aigwSettle(...args: string[]): Promise<unknown>;
}
