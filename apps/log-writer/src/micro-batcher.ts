export interface MicroBatcherOptions<T> {
  /** Does the work for a batch; a rejection fails the batch. */
  handle(items: T[]): Promise<void>;
  /** A batch is handed over as soon as it holds this many items. */
  batchSize: number;
  /** ...or this long after its first item arrived. */
  waitMs: number;
  /** Told when a batch of several items failed and its items are tried one by one. */
  onBatchError?(err: unknown, size: number): void;
}

/** The caller of `add` or `addAll`: settled once all of its items are handled, or at the first that failed. */
interface Waiter {
  left: number;
  resolve(): void;
  reject(err: unknown): void;
}

function handled(waiter: Waiter): void {
  waiter.left -= 1;
  if (waiter.left === 0) waiter.resolve();
}

/**
 * Gathers items that arrive close together (jobs a worker runs concurrently) into one call of
 * `handle`; each caller awaits the outcome of the batch (or batches) its items went into. When a
 * batch fails, its items are tried one by one, so one bad item fails only its own caller (and a
 * transient failure fails them all, each with its own error).
 */
export class MicroBatcher<T> {
  // The open batch: its items and, at the same index, whose item each is.
  private items: T[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  add(item: T): Promise<void> {
    return this.addAll([item]);
  }

  /**
   * Adds the items in order (they may span batches); resolves once every one of them is handled,
   * rejects with the error of the first that failed. One promise for all of them, however many.
   */
  addAll(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { left: items.length, resolve, reject };
      const { batchSize } = this.options;
      for (const item of items) {
        this.items.push(item);
        this.waiters.push(waiter);
        if (this.items.length >= batchSize) this.dispatch();
      }
      if (this.items.length > 0) this.timer ??= setTimeout(() => this.dispatch(), this.options.waitMs);
    });
  }

  /** Hands over the open batch now and waits until every batch has settled. */
  async flush(): Promise<void> {
    this.dispatch();
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private dispatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.items;
    const waiters = this.waiters;
    if (items.length === 0) return;
    this.items = [];
    this.waiters = [];
    const run = this.run(items, waiters).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Settles every caller of the batch; never rejects itself. */
  private async run(items: T[], waiters: Waiter[]): Promise<void> {
    try {
      await this.options.handle(items);
      for (const waiter of waiters) handled(waiter);
      return;
    } catch (err) {
      if (items.length === 1) {
        waiters[0]!.reject(err);
        return;
      }
      this.options.onBatchError?.(err, items.length);
    }
    for (let i = 0; i < items.length; i += 1) {
      try {
        await this.options.handle([items[i]!]);
        handled(waiters[i]!);
      } catch (err) {
        waiters[i]!.reject(err);
      }
    }
  }
}
