import type { Logger } from '@aigw/telemetry';
import type { BudgetBatches } from './redis-budget-batches';

export interface PendingSettle {
  tokenId: number;
  requestId: string;
  cost: number;
}

/** Settles Redis missed are kept for replay up to this many; beyond, the oldest go (logged). */
const MAX_PENDING = 100_000;

/** The settles Redis missed, kept in order and handed to it again once it answers. */
export class PendingSettles {
  private pending: PendingSettle[] = [];
  private replaying: Promise<void> | undefined;

  constructor(
    private readonly batches: BudgetBatches,
    private readonly logger: Logger,
    /** Whether Redis' connection is up: a settle kept for want of it is replayed at once only then. */
    private readonly redisReady: () => boolean,
  ) {}

  /** Settles waiting for Redis. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Settles in order: sent at once when none waits; otherwise, or when Redis does not take it, kept
   * behind those waiting and replayed while Redis is up.
   */
  async settle(entry: PendingSettle): Promise<void> {
    if (this.pending.length === 0 && (await this.trySettle(entry))) return;
    this.keep(entry);
    if (this.redisReady()) await this.replay().catch(() => undefined);
  }

  /** Sends one settle; false (logged) when Redis does not take it. */
  private async trySettle(entry: PendingSettle): Promise<boolean> {
    try {
      const cost = Math.max(entry.cost, 0).toFixed(10);
      await this.batches.settle({ tokenId: entry.tokenId, requestId: entry.requestId, cost });
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, tokenId: entry.tokenId }, 'budget ledger: settle kept until redis answers');
      return false;
    }
  }

  /** Queues a settle behind those already waiting. */
  private keep(entry: PendingSettle): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.shift();
      this.logger.error({ dropped }, 'budget ledger: too many settles waiting for redis; oldest dropped (it expires there)');
    }
  }

  /** Hands Redis the settles it missed, in order; stops at the first failure. */
  replay(): Promise<void> {
    this.replaying ??= (async () => {
      try {
        while (this.pending.length > 0) {
          if (!(await this.trySettle(this.pending[0]!))) throw new Error('redis unavailable');
          this.pending.shift();
        }
      } finally {
        this.replaying = undefined;
      }
    })();
    return this.replaying;
  }
}
