import type { Job, Worker } from 'bullmq';
import {
  bullmq,
  closeRedisConnection,
  createRedisConnection,
  RedisBudgetCommits,
  readUsageJob,
  throttledErrorLog,
  USAGE_QUEUE,
  type ChangeBus,
  type UsageEvent,
} from '@aigw/events';
import type { Store } from '@aigw/store';
import { bullMqTelemetry, type GatewayMetrics, type Logger } from '@aigw/telemetry';
import { JobConcurrency } from './job-concurrency';
import { MicroBatcher } from './micro-batcher';
import { registerQueueMetrics } from './queue-metrics';
import { startRetention } from './retention';
import { tracedHandler } from './trace-events';
import { upgradeUsageEvent } from './upgrade-event';
import { createUsageHandler } from './usage-handler';

export interface LogWriterOptions {
  store: Store;
  bus: ChangeBus;
  redisUrl: string;
  logger: Logger;
  /**
   * Jobs processed at once by this process. Default: as many jobs as hold twice batchSize events,
   * from the events per job seen so far (JobConcurrency): one batch gathers its jobs while the one
   * before it is being written, so the database and Redis work at the same time.
   */
  concurrency?: number;
  /** Events written in one transaction at most. Default 200. */
  batchSize?: number;
  /** How long a batch waits for more events after its first one. Default 5 ms. */
  batchWaitMs?: number;
  /** logging.retention_days: older request_logs and admin_logs are deleted; 0 keeps them. */
  retentionDays: number;
  /** How often old logs are pruned. Default 10 minutes; the first run is a few seconds after start. */
  pruneIntervalMs?: number;
  /** RedisNamespace.queue: BullMQ's key prefix; must match the producers'. */
  prefix: string;
  /**
   * RedisNamespace.budget of the deployment: commits are reported to the proxies' budget ledger
   * there. Required: a commit the ledger never hears of would count twice until its entry expires.
   */
  budgetPrefix: string;
  /**
   * How soon the jobs of a log-writer that died are handed to another (BullMQ lockDuration and
   * stalledInterval). Default 30 s.
   */
  stalledIntervalMs?: number;
  /** When given: queue depth, lag and failed jobs are registered there. */
  metrics?: GatewayMetrics;
}

export interface LogWriter {
  readonly worker: Worker;
  /** Rejects when Redis does not answer (readiness). */
  ping(): Promise<void>;
  /** Stops pruning, lets active jobs finish, writes what is batched, disconnects. */
  close(): Promise<void>;
}

const TEN_MINUTES = 600_000;

/**
 * The distributed log-writer: a BullMQ worker on the `usage-events` queue. A job carries one event
 * (`usage`) or several (`usage-batch`, queue.events_per_job of the proxies); each event is checked
 * against the UsageEvent schema (a malformed job fails for good, it would never get better); valid
 * events from jobs running at the same time are written in one batch by the usage handler. A failed
 * batch fails each of its jobs, which BullMQ retries with backoff; the unique request_id makes a
 * retried event that was in fact written a duplicate, never a second debit.
 */
export function createLogWriter(options: LogWriterOptions): LogWriter {
  const { logger } = options;
  // Loaded here, not at the top: the standalone gateway loads this app's handler, never its worker.
  const { Queue, UnrecoverableError, Worker } = bullmq();
  const commits = new RedisBudgetCommits({ redisUrl: options.redisUrl, logger, budgetPrefix: options.budgetPrefix });
  const handler = tracedHandler(createUsageHandler({ store: options.store, bus: options.bus, logger, commits }));
  const batchSize = options.batchSize ?? 200;
  const batcher = new MicroBatcher<UsageEvent>({
    handle: (events) => handler.handle(events),
    batchSize,
    waitMs: options.batchWaitMs ?? 5,
    onBatchError: (err, size) => logger.warn({ err, events: size }, 'usage event batch failed; writing its events one by one'),
  });

  const processor = async (job: Job): Promise<void> => {
    const { events, problems } = readUsageJob(job.name, job.data);
    pacing?.observe(events.length + problems.length);
    // The well-formed events of a batch job are written (v1 ones, left in the queue from before an
    // upgrade, upgraded first); a malformed one would never get better, so the job then fails for
    // good (kept in the failed set) instead of being retried. One promise per job, not per event.
    await batcher.addAll(events.map(upgradeUsageEvent));
    if (problems.length > 0) {
      logger.error({ jobId: job.id, problems }, 'malformed usage event job; not retried');
      throw new UnrecoverableError(`malformed usage event: ${problems.join('; ')}`);
    }
  };

  const connection = createRedisConnection(options.redisUrl, {
    name: 'aigw-log-writer',
    logger,
    // The jobs of a batch finish together: their acknowledgements (and the fetches of the next
    // jobs) leave in one write instead of one each, which is most of the worker's cost per job.
    redis: { maxRetriesPerRequest: null, enableAutoPipelining: true },
  });
  const stalled = options.stalledIntervalMs;
  const worker = new Worker(USAGE_QUEUE, processor, {
    connection,
    concurrency: options.concurrency ?? 1,
    prefix: options.prefix,
    telemetry: bullMqTelemetry(),
    ...(stalled !== undefined ? { lockDuration: stalled, stalledInterval: stalled } : {}),
  });
  // Until the first job is read, two jobs: as if each held a batch.
  const pacing = options.concurrency === undefined ? new JobConcurrency(worker, 2 * batchSize, 2) : undefined;
  worker.on('error', throttledErrorLog(logger, 'usage queue worker: error'));
  const isFinal = (job: Job | undefined, err: Error): boolean => !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
  // Read-only: depth and lag for /metrics, on the worker's connection.
  const queue = options.metrics ? new Queue(USAGE_QUEUE, { connection, prefix: options.prefix }) : undefined;
  if (options.metrics && queue) registerQueueMetrics(options.metrics, queue, worker, (job, err) => isFinal(job as Job | undefined, err));
  worker.on('failed', (job, err) => {
    const attempts = job?.opts.attempts ?? 1;
    const final = isFinal(job, err);
    const detail = { jobId: job?.id, attemptsMade: job?.attemptsMade, attempts, err };
    if (final) logger.error(detail, 'usage event job failed for good; it stays in the failed set');
    else logger.warn(detail, 'usage event job failed; BullMQ retries it');
  });

  const retention = startRetention({
    store: options.store,
    logger,
    retentionDays: options.retentionDays,
    intervalMs: options.pruneIntervalMs ?? TEN_MINUTES,
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await retention.stop();
    try {
      await worker.close();
      await batcher.flush();
      await queue?.close();
    } finally {
      await commits.close();
      await closeRedisConnection(connection);
    }
  };
  return {
    worker,
    // The worker's connection retries forever (maxRetriesPerRequest null): bounded here.
    ping: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('redis did not answer within 2 s')), 2000);
        connection.ping().then(
          () => resolve(),
          (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
        ).finally(() => clearTimeout(timer));
      }),
    close: () => (closing ??= close()),
  };
}
