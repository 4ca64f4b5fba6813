import type { RedisLogger } from './connection';

/** What BullMqEventSink takes. */
export interface BullMqEventSinkOptions {
  redisUrl: string;
  logger: RedisLogger;
  /** Events held while Redis is unreachable; beyond it an event is written to the error log. Default 100000. */
  maxBuffered?: number;
  /** How often held events are offered to Redis again. Default 1000 ms. */
  retryIntervalMs?: number;
  /** Deliveries a job gets in the log-writer, with exponential backoff from 1 s. Default 8. */
  attempts?: number;
  /** RedisNamespace.queue: BullMQ's key prefix; the log-writer must use the same one. */
  prefix: string;
  /**
   * How long an event waits for others before they go to Redis together (one addBulk, one write)
   * instead of one add each. Default 5 ms; 0 adds each event on its own.
   */
  batchWaitMs?: number;
  /**
   * Events per job. 1 (default): one `usage` job per event, which every log-writer reads. More:
   * `usage-batch` jobs of up to this many events (usage-jobs.ts), one Redis script for all of them
   * instead of one each; only for log-writers that read `usage-batch` jobs.
   */
  eventsPerJob?: number;
}
