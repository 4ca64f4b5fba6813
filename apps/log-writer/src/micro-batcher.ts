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

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Gathers items that arrive close together (jobs a worker runs concurrently) into one call of
 * `handle`; each caller awaits the outcome of the batch its item went into. When a batch fails, its
 * items are tried one by one, so one bad item fails only its own caller (and a transient failure
 * fails them all, each with its own error).
 */
export class MicroBatcher<T> {
  private current: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.current.push({ item, resolve, reject });
      if (this.current.length >= this.options.batchSize) this.dispatch();
      else this.timer ??= setTimeout(() => this.dispatch(), this.options.waitMs);
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
    const batch = this.current;
    this.current = [];
    if (batch.length === 0) return;
    const run = this.run(batch).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Settles every caller of the batch; never rejects itself. */
  private async run(batch: Pending<T>[]): Promise<void> {
    try {
      await this.options.handle(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      this.options.onBatchError?.(err, batch.length);
    }
    for (const p of batch) {
      try {
        await this.options.handle([p.item]);
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
