import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullMqTelemetry, withExtractedContext } from '@aigw/telemetry';
import type { EventSink } from '../event-sink';
import type { UsageEvent } from '../usage-event';
import type { BullMqEventSinkOptions } from './bullmq-sink-options';
import { closeRedisConnection, createRedisConnection, throttledErrorLog } from './connection';
import { HeldEvents, type Held } from './held-events';
import { bullmq } from './lazy-modules';
import { USAGE_QUEUE } from './queue-names.constant';
import { usageJobs, type UsageJob } from './usage-jobs';

export type { BullMqEventSinkOptions } from './bullmq-sink-options';

/** Events per addBulk call at most (a batch being gathered, held events resent when Redis is back). */
const BULK_MAX = 200;
const DEFAULT_FLUSH_MS = 10_000;
const DEFAULT_CLOSE_MS = 5_000;

/**
 * Distributed mode: each UsageEvent becomes a job of the `usage-events` queue, jobId = request_id,
 * so a second emit of a request does not create a second job while the first exists (the database's
 * unique request_id is the real guard); with eventsPerJob > 1 a job carries several (usage-jobs.ts). emit never blocks and never throws: the add runs off the
 * response path, and the connection fails fast when Redis is down (no offline queue), so an event
 * that cannot be added now is held in a bounded buffer, retried every retryIntervalMs in emit order.
 * Events emitted while the buffer is non-empty queue up behind it.
 */
export class BullMqEventSink implements EventSink {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly held: HeldEvents;
  private readonly jobOptions: JobsOptions;
  private readonly timer: NodeJS.Timeout;
  private readonly batchWaitMs: number;
  private readonly eventsPerJob: number;
  /** Events waiting (at most batchWaitMs) to be added together. */
  private batch: Held[] = [];
  private batchTimer: NodeJS.Timeout | undefined;
  private readonly idleWaiters = new Set<() => void>();
  private seq = 0;
  private adding = 0;
  private resending = false;
  private closed = false;
  /** close() has returned: nothing will retry any more. */
  private finished = false;
  private holding = false;

  constructor(private readonly options: BullMqEventSinkOptions) {
    this.held = new HeldEvents(options.maxBuffered ?? 100_000);
    this.batchWaitMs = options.batchWaitMs ?? 5;
    this.eventsPerJob = Math.max(1, Math.floor(options.eventsPerJob ?? 1));
    this.jobOptions = {
      attempts: options.attempts ?? 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    };
    this.connection = createRedisConnection(options.redisUrl, {
      name: 'aigw-usage-producer',
      logger: options.logger,
      redis: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    });
    this.connection.on('ready', () => void this.resend());
    this.queue = new (bullmq().Queue)(USAGE_QUEUE, { connection: this.connection, prefix: options.prefix, telemetry: bullMqTelemetry() });
    this.queue.on('error', throttledErrorLog(options.logger, 'usage queue producer: error'));
    this.timer = setInterval(() => void this.resend(), options.retryIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Events waiting for Redis (not counting adds in flight). */
  get buffered(): number {
    return this.held.length;
  }

  emit(event: UsageEvent): void {
    if (this.closed) {
      this.options.logger.error({ event }, 'usage event emitted after the sink closed; event written here instead of the queue');
      return;
    }
    const entry = { seq: ++this.seq, event };
    // Behind anything held (order), and not at all while disconnected: BullMQ would wait for the
    // first connection instead of failing, and the add promises would pile up unbounded.
    if (this.held.length > 0 || this.connection.status !== 'ready') {
      this.hold(entry);
      return;
    }
    this.batch.push(entry);
    if (this.batch.length >= BULK_MAX || this.batchWaitMs <= 0) this.sendBatch();
    else this.batchTimer ??= setTimeout(() => this.sendBatch(), this.batchWaitMs);
  }

  /** Adds the waiting events: one add (in the request's trace) for a single job, else one addBulk. */
  private sendBatch(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const entries = this.batch;
    if (entries.length === 0) return;
    this.batch = [];
    if (this.connection.status !== 'ready') {
      for (const entry of entries) this.hold(entry);
      return;
    }
    this.adding += 1;
    const jobs = this.jobsOf(entries);
    const single = entries.length === 1 ? entries[0]!.event : undefined;
    // A single event is added in its request's trace, so BullMQ's producer span (tracing on) joins
    // it and the job carries it on. Events added in bulk carry their trace in event.trace only.
    const added =
      jobs.length === 1
        ? withExtractedContext(single?.trace, () => this.queue.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts))
        : this.queue.addBulk(jobs);
    added.then(
      () => this.settleAdd(),
      (err: unknown) => {
        this.warnHolding(err);
        for (const entry of entries) this.hold(entry);
        this.settleAdd();
      },
    );
  }

  private jobsOf(entries: Held[]): UsageJob[] {
    return usageJobs(entries.map((h) => h.event), this.eventsPerJob, this.jobOptions);
  }

  /**
   * Resolves once every add has settled and nothing is held, or after timeoutMs (default 10 s) while
   * Redis stays down; it never rejects. Whatever is still held then stays held and retried (see
   * `buffered`); close() writes it to the error log.
   */
  async flush(timeoutMs = DEFAULT_FLUSH_MS): Promise<void> {
    this.sendBatch();
    if (this.idle()) return;
    void this.resend();
    let timeout: NodeJS.Timeout | undefined;
    let waiter: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      waiter = resolve;
      this.idleWaiters.add(resolve);
      timeout = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timeout);
    if (waiter) this.idleWaiters.delete(waiter);
    if (!this.idle()) {
      this.options.logger.warn(
        { buffered: this.held.length, adding: this.adding, timeoutMs },
        'usage events not yet in the queue; Redis unreachable',
      );
    }
  }

  /** Flushes for at most timeoutMs (default 5 s), logs what was not delivered, then disconnects. */
  async close(timeoutMs = DEFAULT_CLOSE_MS): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush(timeoutMs);
    clearInterval(this.timer);
    this.logUndelivered();
    try {
      await this.queue.close();
    } finally {
      await closeRedisConnection(this.connection);
    }
    // An add that was still in flight fails on the closed connection and lands in held.
    this.logUndelivered();
    this.finished = true;
  }

  private logUndelivered(): void {
    if (this.held.length === 0) return;
    const events = this.held.takeAll();
    this.options.logger.error({ events }, 'usage events not delivered at shutdown');
  }

  private idle(): boolean {
    return this.batch.length === 0 && this.adding === 0 && !this.resending && this.held.length === 0;
  }

  private settleAdd(): void {
    this.adding -= 1;
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (!this.idle()) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }

  private warnHolding(err: unknown): void {
    if (this.holding) return;
    this.holding = true;
    this.options.logger.warn({ err }, 'usage queue unavailable; holding usage events and retrying');
  }

  /** Puts the event in emit order; an add that failed late goes before events emitted after it. */
  private hold(entry: Held): void {
    if (this.finished) {
      this.options.logger.error({ event: entry.event }, 'usage event not delivered at shutdown');
      return;
    }
    if (!this.held.add(entry)) {
      this.options.logger.error({ event: entry.event }, 'usage event buffer full; event written here instead of the queue');
      return;
    }
    this.warnHolding(undefined);
  }

  /** Offers held events to Redis in order, a chunk at a time, until it fails or nothing is held. */
  private async resend(): Promise<void> {
    if (this.resending || this.held.length === 0 || this.connection.status !== 'ready') return;
    this.resending = true;
    try {
      while (this.held.length > 0 && this.connection.status === 'ready') {
        const chunk = this.held.head(BULK_MAX);
        try {
          await this.queue.addBulk(this.jobsOf(chunk));
        } catch (err) {
          this.options.logger.warn({ err, buffered: this.held.length }, 'usage queue still unavailable; will retry');
          return;
        }
        this.held.remove(chunk);
      }
      if (this.held.length === 0 && this.holding) {
        this.holding = false;
        this.options.logger.info({}, 'usage queue reachable again; held usage events delivered');
      }
    } finally {
      this.resending = false;
      this.notifyIdle();
    }
  }
}
