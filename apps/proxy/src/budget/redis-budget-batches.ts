import type { Redis } from 'ioredis';
import { tokenBudgetKeys } from '@aigw/events';

export interface ReserveEntry {
  tokenId: number;
  requestId: string;
  maxAmount: number;
  amountSpent: number;
  /** Commit seq the snapshot includes. */
  known: number;
  estimate: number;
}

export interface SettleEntry {
  tokenId: number;
  requestId: string;
  /** Decimal string with 10 places. */
  cost: string;
}

/** Script answer of one reserve: held, amount, clipped, remaining after (held) or 0, remaining. */
export type ReserveAnswer = [number, string, number, string | number];

export interface BudgetBatchSettings {
  keyPrefix: string;
  epsilon: string;
  holdLeaseMs: number;
  settledTtlMs: number;
  keyLifetimeMs: number;
}

interface Waiting<E, R> {
  entry: E;
  resolve: (answer: R) => void;
  reject: (err: unknown) => void;
}

/** Entries per script call at most; the rest go with the next send. */
const MAX_BATCH = 200;

/**
 * Gathers the reserves and settles of this proxy and sends them to Redis together: the first entry
 * schedules a send for when the event-loop turn's I/O callbacks have run, and while a send waits
 * for Redis the entries arriving meanwhile wait for it and go together as soon as it is answered
 * (as ioredis' auto-pipelining does for single commands). A send is one socket write of at most
 * two scripts (the settles, then the reserves), each running its entries in order atomically
 * (redis-budget-scripts.ts). Every entry waits for its own answer in the script's reply; a send
 * that fails fails each of its entries.
 */
export class BudgetBatches {
  private reserves: Waiting<ReserveEntry, ReserveAnswer>[] = [];
  private settles: Waiting<SettleEntry, void>[] = [];
  private scheduled = false;
  private sending = false;

  constructor(
    private readonly redis: Redis,
    private readonly settings: BudgetBatchSettings,
  ) {}

  reserve(entry: ReserveEntry): Promise<ReserveAnswer> {
    return new Promise((resolve, reject) => {
      this.reserves.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  settle(entry: SettleEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settles.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    const settles = this.settles.splice(0, MAX_BATCH);
    const reserves = this.reserves.splice(0, MAX_BATCH);
    if (settles.length === 0 && reserves.length === 0) return;
    this.sending = true;
    let sent: Promise<[Error | null, unknown][] | null>;
    try {
      const pipeline = this.redis.pipeline() as unknown as BatchPipeline;
      if (settles.length > 0) pipeline.aigwSettle(...this.settleArgs(settles.map((w) => w.entry)));
      if (reserves.length > 0) pipeline.aigwReserve(...this.reserveArgs(reserves.map((w) => w.entry)));
      sent = pipeline.exec();
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (results) => {
        let at = 0;
        if (settles.length > 0) answer(settles, results?.[at++], () => undefined);
        if (reserves.length > 0) answer(reserves, results?.[at++], (values, i) => values.slice(4 * i, 4 * i + 4) as ReserveAnswer);
        this.sent();
      },
      (err: unknown) => {
        for (const w of [...settles, ...reserves]) w.reject(err);
        this.sent();
      },
    );
  }

  private sent(): void {
    this.sending = false;
    if (this.settles.length > 0 || this.reserves.length > 0) this.send();
  }

  /** numkeys, the keys of each token group, then the entries' arguments (group numbers from 1). */
  private argsOf<E extends { tokenId: number }>(entries: E[], head: string[], perEntry: (e: E) => string[]): string[] {
    const groups = new Map<number, number>();
    const keys: string[] = [];
    const args: string[] = [];
    for (const e of entries) {
      let group = groups.get(e.tokenId);
      if (group === undefined) {
        group = groups.size + 1;
        groups.set(e.tokenId, group);
        const k = tokenBudgetKeys(this.settings.keyPrefix, e.tokenId);
        keys.push(k.holds, k.settled, k.done, k.commits, k.expiry);
      }
      args.push(String(group), ...perEntry(e));
    }
    return [String(keys.length), ...keys, ...head, ...args];
  }

  private reserveArgs(entries: ReserveEntry[]): string[] {
    const s = this.settings;
    return this.argsOf(entries, [s.epsilon, String(s.holdLeaseMs), String(s.keyLifetimeMs)], (e) => [
      e.requestId,
      String(e.maxAmount),
      String(e.amountSpent),
      String(e.known),
      String(Math.max(e.estimate, 0)),
    ]);
  }

  private settleArgs(entries: SettleEntry[]): string[] {
    return this.argsOf(entries, [String(this.settings.settledTtlMs), String(this.settings.keyLifetimeMs)], (e) => [e.requestId, e.cost]);
  }
}

function answer<E, R>(waiting: Waiting<E, R>[], result: [Error | null, unknown] | undefined, pick: (values: unknown[], i: number) => R): void {
  const [err, values] = result ?? [new Error('budget batch: no reply'), undefined];
  if (err || !Array.isArray(values)) {
    for (const w of waiting) w.reject(err ?? new Error('budget batch: malformed reply'));
    return;
  }
  waiting.forEach((w, i) => w.resolve(pick(values, i)));
}

interface BatchPipeline {
  aigwReserve(...args: string[]): void;
  aigwSettle(...args: string[]): void;
  exec(): Promise<[Error | null, unknown][] | null>;
}
