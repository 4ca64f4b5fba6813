import type { EventSink, UsageEventHandler } from './event-sink';
import type { UsageEvent } from './usage-event';

export interface SinkLogger {
  error(obj: object, msg?: string): void;
}

export interface InProcessSinkOptions {
  handler: UsageEventHandler;
  logger: SinkLogger;
  /** Events held at most; beyond it an event is written to the error log instead of being kept. */
  maxBuffered?: number;
  /** Events handed to the handler at once. */
  batchSize?: number;
  /** Wait before a failed batch is tried again. */
  retryDelayMs?: number;
  /**
   * How long the first event of a batch waits for more before the handler runs (default 0: the
   * next turn of the event loop). A few ms under load turns many small transactions into one. The
   * wait ends early once batchSize events are queued, and when flush or close is called.
   */
  batchWaitMs?: number;
}

/**
 * Standalone mode: events go to the log-writer's handler in this process, off the response path.
 * emit only queues; a drain loop started on the next tick hands batches to the handler. A batch
 * that fails stays at the head of the queue and is tried again, so nothing is dropped while the
 * buffer has room.
 */
export class InProcessEventSink implements EventSink {
  private readonly queue: UsageEvent[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly batchWaitMs: number;
  /** Ends the wait of a drain loop that has not started handing over yet. */
  private wake: (() => void) | undefined;

  constructor(private readonly options: InProcessSinkOptions) {
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.batchSize = options.batchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.batchWaitMs = options.batchWaitMs ?? 0;
  }

  emit(event: UsageEvent): void {
    if (this.queue.length >= this.maxBuffered) {
      this.options.logger.error({ event }, 'usage event buffer full; event written here instead of request_logs');
      return;
    }
    this.queue.push(event);
    if (!this.draining) this.startDrain(true);
    else if (this.queue.length >= this.batchSize) this.wake?.();
  }

  /** Runs one drain loop; `draining` is cleared only by the loop it belongs to. */
  private startDrain(deferred: boolean): Promise<void> {
    const start = !deferred ? Promise.resolve() : this.waitForCompany();
    const run: Promise<void> = start
      .then(() => {
        this.wake = undefined;
        return this.drain();
      })
      .finally(() => {
        if (this.draining === run) this.draining = undefined;
      });
    this.draining = run;
    return run;
  }

  /** batchWaitMs (or the next turn of the loop), cut short by wake(). */
  private waitForCompany(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.batchWaitMs <= 0) {
        setImmediate(resolve);
        return;
      }
      const timer = setTimeout(resolve, this.batchWaitMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.options.handler.handle(batch);
        this.queue.splice(0, batch.length);
      } catch (err) {
        this.options.logger.error({ err, events: batch.length }, 'usage event batch failed; will retry');
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  async flush(): Promise<void> {
    this.wake?.();
    while (this.draining) await this.draining;
    if (this.queue.length > 0) await this.startDrain(false);
  }

  /** Stops retrying forever: one last attempt, and what still fails is written to the error log. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.queue.length > 0) {
      this.options.logger.error({ events: this.queue.splice(0) }, 'usage events not delivered at shutdown');
    }
  }
}
